package org.chelate.server.security.jwt;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.chelate.plugin.http.AddressGuard;

/** Where verification keys come from: a JWKS file read once at start, or an http(s) URL fetched and cached. */
public final class KeySets {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(3);
    public static final int MAX_JWKS_BYTES = 256 * 1024;
    public static final Duration CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
    /**
     * A failed fetch is retried once at once, and the key server is asked again at most this often (nimbus' rate
     * limit): short, so that valid tokens are taken again within seconds of the key server's recovery.
     */
    public static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(2);

    private KeySets() {
    }

    /** The public keys in a JWKS file; private key material in the file is refused. */
    public static JWKSource<SecurityContext> fromFile(Path file) {
        try {
            JWKSet set = JWKSet.load(file.toFile());
            if (set.getKeys().stream().anyMatch(key -> key.isPrivate())) {
                throw new IllegalArgumentException("JWKS file " + file + " holds private keys: give only public keys");
            }
            return new ImmutableJWKSet<>(set);
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read JWKS file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keys fetched from an http(s) URL: bounded time and size, no redirects, cached for {@link #CACHE_TIME_TO_LIVE}
     * and asked again at most every {@link #RETRY_AFTER_FAILURE} (a failed fetch retried once at once) when it failed or
     * an unknown key id shows up (nimbus' rate limit). A host name that
     * resolves to an internal address is refused (DNS rebinding, SSRF); write the address itself in the URL to allow
     * one, e.g. {@code http://127.0.0.1:8080/jwks.json}.
     */
    public static JWKSource<SecurityContext> fromUrl(URI url) {
        return fromUrl(url, List.of());
    }

    /**
     * {@link #fromUrl(URI)}, with internal addresses or CIDR ranges the URL's host name may resolve to
     * ({@code --allow-internal-addresses}).
     */
    public static JWKSource<SecurityContext> fromUrl(URI url, Collection<String> internalAddresses) {
        String scheme = url.getScheme();
        if (!"https".equalsIgnoreCase(scheme) && !"http".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("JWKS URL must be http(s): " + url);
        }
        try {
            return JWKSourceBuilder.<SecurityContext>create(url.toURL(), new NoRedirectResourceRetriever(
                            (int) CONNECT_TIMEOUT.toMillis(), (int) READ_TIMEOUT.toMillis(), MAX_JWKS_BYTES,
                            AddressGuard.allowing(List.of(url.getHost()), internalAddresses)))
                    .cache(CACHE_TIME_TO_LIVE.toMillis(), JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                    .rateLimited(RETRY_AFTER_FAILURE.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad JWKS URL " + url + ": " + e.getMessage(), e);
        }
    }

    /** A file path or an http(s) URL, as written in configuration. */
    public static JWKSource<SecurityContext> fromLocation(String location) {
        return fromLocation(location, List.of());
    }

    /** {@link #fromLocation(String)}, a URL's host name allowed to resolve into {@code internalAddresses}. */
    public static JWKSource<SecurityContext> fromLocation(String location, Collection<String> internalAddresses) {
        if (location.startsWith("https://") || location.startsWith("http://")) {
            return fromUrl(URI.create(location), internalAddresses);
        }
        if (location.startsWith("file:")) {
            return fromFile(Path.of(URI.create(location)));
        }
        return fromFile(Path.of(location));
    }
}
