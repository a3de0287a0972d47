package org.chelate.plugin.cdshooks.fetch;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CDS Hooks {@code fhirServer} fallback may reach: only the allowlisted origins, within a connect timeout and
 * an overall time budget, reading at most {@code maxResponseBytes}. An empty allowlist means no outbound calls at all.
 */
public record OutboundFetchPolicy(Set<Origin> allowedOrigins, Duration connectTimeout, Duration maxTime,
        long maxResponseBytes) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(250);
    /** Inside the CDS Hooks ~500 ms answer budget, leaving time to compute cards. */
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMillis(300);
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 4L * 1024 * 1024;

    public OutboundFetchPolicy {
        allowedOrigins = Set.copyOf(allowedOrigins);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || maxTime.isNegative() || maxTime.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
    }

    /** Defaults (250 ms connect, 300 ms overall, 4 MiB) for origins written like "https://ehr.example.org:8443". */
    public static OutboundFetchPolicy allowing(Collection<String> origins) {
        return new OutboundFetchPolicy(origins.stream().map(Origin::parse).collect(Collectors.toSet()),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_TIME, DEFAULT_MAX_RESPONSE_BYTES);
    }

    public static OutboundFetchPolicy none() {
        return allowing(Set.of());
    }

    public OutboundFetchPolicy withMaxTime(Duration newMaxTime) {
        return new OutboundFetchPolicy(allowedOrigins, connectTimeout, newMaxTime, maxResponseBytes);
    }

    public OutboundFetchPolicy withMaxResponseBytes(long newMax) {
        return new OutboundFetchPolicy(allowedOrigins, connectTimeout, maxTime, newMax);
    }

    /** True when {@code url} is an absolute http(s) URL without user info on an allowlisted origin. */
    public boolean allows(URI url) {
        try {
            return allowedOrigins.contains(Origin.of(url));
        } catch (IllegalArgumentException notHttp) {
            return false;
        }
    }
}
