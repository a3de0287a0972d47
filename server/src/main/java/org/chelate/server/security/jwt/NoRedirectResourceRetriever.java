package org.chelate.server.security.jwt;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import org.chelate.plugin.http.AddressGuard;

/**
 * Fetches key sets with bounded connect/read time and size, and never follows a redirect: a JWKS URL on an allowlist
 * must not be able to send us (or our trust decision) to another host. Nor may its host name resolve to an internal
 * address ({@link AddressGuard}; a literal address in the configured URL is its own allowance): the name is checked
 * before the fetch and again after it, before the keys are used; over https the address the TLS connection actually
 * reached is checked too, before the handshake ({@link AddressCheckingSslSocketFactory}).
 */
final class NoRedirectResourceRetriever extends DefaultResourceRetriever {

    private final AddressGuard addresses;

    NoRedirectResourceRetriever(int connectTimeoutMillis, int readTimeoutMillis, int sizeLimitBytes,
            AddressGuard addresses) {
        super(connectTimeoutMillis, readTimeoutMillis, sizeLimitBytes, true,
                new AddressCheckingSslSocketFactory(addresses));
        this.addresses = addresses;
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        addresses.resolve(url.getHost());
        Resource resource = super.retrieveResource(url);
        addresses.resolve(url.getHost()); // the JVM caches answers: this sees the one the connection used
        return resource;
    }

    @Override
    @SuppressWarnings("deprecation") // the parent still opens HTTP connections through this method
    protected HttpURLConnection openConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }
}
