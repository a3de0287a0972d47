package org.chelate.plugin.cdshooks;

/** One service of the discovery document. */
public record CdsServiceDescriptor(String id, String hook, String title, String description, String usageRequirements) {
}
