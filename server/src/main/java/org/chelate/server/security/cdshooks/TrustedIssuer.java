package org.chelate.server.security.cdshooks;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A CDS client we trust: its {@code iss}, its configured key set (may be null when it only signs with {@code jku}),
 * and the exact {@code jku} URLs it may point us at.
 */
public record TrustedIssuer(String issuer, JWKSource<SecurityContext> keys, Set<URI> allowedJku) {

    public TrustedIssuer {
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("trusted issuer needs a non-blank iss");
        }
        allowedJku = allowedJku == null ? Set.of() : Set.copyOf(allowedJku);
        if (keys == null && allowedJku.isEmpty()) {
            throw new IllegalArgumentException("trusted issuer " + issuer + " needs a JWKS (file or URL) or allowed jku URLs");
        }
        for (URI jku : allowedJku) {
            if (!"https".equalsIgnoreCase(jku.getScheme()) && !"http".equalsIgnoreCase(jku.getScheme())) {
                throw new IllegalArgumentException("jku for " + issuer + " must be http(s): " + jku);
            }
        }
    }
}
