package org.chelate.server.store;

/** The outcome of a write: the version it made (or found), and whether it created the resource. */
public record WriteResult(String type, String id, long version, long updatedMs, boolean created, String body) {
}
