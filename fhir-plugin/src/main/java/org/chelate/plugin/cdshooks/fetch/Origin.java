package org.chelate.plugin.cdshooks.fetch;

import java.net.URI;
import java.util.Locale;

/** scheme + host + port, the unit an outbound allowlist speaks in; default ports made explicit. */
public record Origin(String scheme, String host, int port) {

    public Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new IllegalArgumentException("only http(s) origins: " + scheme);
        }
    }

    /** The origin of an absolute http(s) URL; URLs with user info are refused (they hide the real host). */
    public static Origin of(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not an absolute http(s) URL: " + uri);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL with user info refused: " + uri.getHost());
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return new Origin(scheme, uri.getHost(), port);
    }

    /** Parses "https://ehr.example.org" or "http://127.0.0.1:8081" (a path, if any, is ignored). */
    public static Origin parse(String text) {
        return of(URI.create(text.trim()));
    }

    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
