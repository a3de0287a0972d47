package org.chelate.server.security.jwt;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Fetches key sets with bounded connect/read time and size, and never follows a redirect: a JWKS URL on an allowlist
 * must not be able to send us (or our trust decision) to another host.
 */
final class NoRedirectResourceRetriever extends DefaultResourceRetriever {

    NoRedirectResourceRetriever(int connectTimeoutMillis, int readTimeoutMillis, int sizeLimitBytes) {
        super(connectTimeoutMillis, readTimeoutMillis, sizeLimitBytes, true);
    }

    @Override
    @SuppressWarnings("deprecation") // the parent still opens HTTP connections through this method
    protected HttpURLConnection openConnection(URL url) throws IOException {
        HttpURLConnection connection = super.openConnection(url);
        connection.setInstanceFollowRedirects(false);
        return connection;
    }
}
