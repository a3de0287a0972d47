package org.chelate.server.security.cdshooks;

/**
 * Who called, as proven by a verified CDS Hooks JWT; {@code clientId} (the token's {@code sub}) and {@code tenant}
 * are null when the client sent none (CDS Hooks 2.0 requires neither).
 */
public record VerifiedCdsClient(String issuer, String clientId, String tokenId, String tenant) {
}
