package org.chelate.server.security.limits;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops what is left of a refused (oversized) request body, up to a bound, so that a client still sending
 * reads the 413 instead of a reset connection; past the bound the connection is simply closed by Jetty.
 */
public final class BodyDrain {

    private static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;

    private BodyDrain() {
    }

    public static void drainBounded(InputStream in) throws IOException {
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        int read;
        while (drained < DRAIN_LIMIT_BYTES && (read = in.read(sink)) >= 0) {
            drained += read;
        }
    }
}
