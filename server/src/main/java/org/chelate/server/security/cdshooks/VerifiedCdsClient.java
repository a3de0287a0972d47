package org.chelate.server.security.cdshooks;

/** Who called, as proven by a verified CDS Hooks JWT; {@code tenant} is null when the client sent none. */
public record VerifiedCdsClient(String issuer, String clientId, String tokenId, String tenant) {
}
