package org.chelate.server.security.cdshooks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.chelate.server.security.jwt.KeySets;

/**
 * The CDS clients Chelate trusts, read from a JSON file (server option {@code --cds-trust FILE}):
 * <pre>{@code
 * {
 *   "clockSkewSeconds": 60,
 *   "maxLifetimeSeconds": 300,
 *   "issuers": [
 *     {"iss": "https://ehr.example.org",
 *      "jwks": "/etc/chelate/ehr.jwks.json",            // a file, or an https:// URL (then it is the allowlist)
 *      "jku": ["https://ehr.example.org/jwks.json"]}   // optional: jku header values honoured for this issuer
 *   ]
 * }
 * }</pre>
 */
public record CdsTrustFile(Integer clockSkewSeconds, Integer maxLifetimeSeconds, Integer replayCacheSize,
        List<Issuer> issuers) {

    public record Issuer(@JsonProperty("iss") String iss, @JsonProperty("jwks") String jwks,
            @JsonProperty("jku") List<String> jku) {
    }

    public static CdsTrustFile read(Path file) {
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            CdsTrustFile parsed = mapper.readValue(file.toFile(), CdsTrustFile.class);
            if (parsed.issuers() == null || parsed.issuers().isEmpty()) {
                throw new IllegalArgumentException("CDS trust file " + file + " lists no issuers");
            }
            return parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read CDS trust file " + file + ": " + e.getMessage(), e);
        }
    }

    public List<TrustedIssuer> trustedIssuers() {
        return trustedIssuers(List.of());
    }

    /** @param internalAddresses addresses or CIDR ranges the JWKS URLs' host names may resolve to */
    public List<TrustedIssuer> trustedIssuers(Collection<String> internalAddresses) {
        List<TrustedIssuer> trusted = new ArrayList<>();
        for (Issuer issuer : issuers) {
            Set<URI> jku = new LinkedHashSet<>();
            if (issuer.jku() != null) {
                issuer.jku().forEach(url -> jku.add(URI.create(url)));
            }
            trusted.add(new TrustedIssuer(issuer.iss(),
                    issuer.jwks() == null ? null : KeySets.fromLocation(issuer.jwks(), internalAddresses), jku));
        }
        return trusted;
    }

    public CdsJwtVerifier verifier() {
        return verifier(List.of());
    }

    /** @param internalAddresses addresses or CIDR ranges the JWKS and jku URLs' host names may resolve to */
    public CdsJwtVerifier verifier(Collection<String> internalAddresses) {
        Clock clock = Clock.systemUTC();
        return new CdsJwtVerifier(trustedIssuers(internalAddresses),
                clockSkewSeconds == null ? CdsJwtVerifier.DEFAULT_CLOCK_SKEW : Duration.ofSeconds(clockSkewSeconds),
                maxLifetimeSeconds == null ? CdsJwtVerifier.DEFAULT_MAX_LIFETIME : Duration.ofSeconds(maxLifetimeSeconds),
                new ReplayGuard(replayCacheSize == null ? CdsJwtVerifier.DEFAULT_REPLAY_CACHE_SIZE : replayCacheSize, clock),
                clock, url -> KeySets.fromUrl(url, internalAddresses));
    }
}
