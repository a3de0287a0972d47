package org.chelate.server.store;

/** One stored version of a resource; body is null for a deletion. */
public record StoredVersion(long pk, String type, String id, long version, long updatedMs, boolean deleted,
        String body) {
}
