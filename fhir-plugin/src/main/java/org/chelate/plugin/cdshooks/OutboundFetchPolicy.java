package org.chelate.plugin.cdshooks;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.plugin.http.AddressGuard;

/**
 * Where and how the fallback fetcher may call out: only to {@code allowedOrigins} (scheme://host[:port]), never
 * following redirects, within {@code timeout}, reading at most {@code maxResponseBytes}; an origin's host name may
 * resolve to an internal address only inside {@code internalAddresses} (addresses or CIDR ranges, see
 * {@link AddressGuard}).
 */
public record OutboundFetchPolicy(Set<String> allowedOrigins, Duration timeout, long maxResponseBytes,
        Set<String> internalAddresses) {

    /** No internal address allowed beyond the literal ones of the allowlist. */
    public OutboundFetchPolicy(Set<String> allowedOrigins, Duration timeout, long maxResponseBytes) {
        this(allowedOrigins, timeout, maxResponseBytes, Set.of());
    }

    public OutboundFetchPolicy {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (maxResponseBytes <= 0) {
            throw new IllegalArgumentException("maxResponseBytes must be positive");
        }
        internalAddresses = internalAddresses == null ? Set.of() : Set.copyOf(internalAddresses);
        AddressGuard.allowing(Set.of(), internalAddresses); // fails early on a bad range
        allowedOrigins = allowedOrigins.stream().map(o -> origin(o).orElseThrow(() ->
                new IllegalArgumentException("not an http(s) origin: " + o))).collect(Collectors.toUnmodifiableSet());
    }

    /** No outbound calls at all. */
    public static OutboundFetchPolicy none() {
        return new OutboundFetchPolicy(Set.of(), Duration.ofMillis(300), 8L * 1024 * 1024);
    }

    public boolean allows(String url) {
        return origin(url).map(allowedOrigins::contains).orElse(false);
    }

    /** "https://ehr.example.org:8443" for any http(s) URL; default ports dropped, host lower-cased. */
    static Optional<String> origin(String url) {
        if (url == null) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }
}
