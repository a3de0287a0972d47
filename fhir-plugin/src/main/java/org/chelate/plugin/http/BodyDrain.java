package org.chelate.plugin.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and drops what is left of a refused (oversized) request body, up to a bound, so that a client still sending
 * reads the 413 instead of a reset connection; past the bound the connection is simply closed by the container.
 */
public final class BodyDrain {

    /** How much of a refused body is read before giving up on it. */
    public static final long DRAIN_LIMIT_BYTES = 16L * 1024 * 1024;

    private BodyDrain() {
    }

    /** Reads and drops up to {@link #DRAIN_LIMIT_BYTES} (or to the end) of {@code in}. */
    public static void drainBounded(InputStream in) throws IOException {
        long drained = 0;
        byte[] sink = new byte[64 * 1024];
        int read;
        while (drained < DRAIN_LIMIT_BYTES && (read = in.read(sink)) >= 0) {
            drained += read;
        }
    }
}
