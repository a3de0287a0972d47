package org.chelate.plugin.ids;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Time-ordered UUIDs (version 7, RFC 9562: 48 bits of epoch milliseconds, then 74 random bits from a SecureRandom).
 * Keys made close in time sort close together, so a database index on them grows at its end instead of touching a
 * random page per insert (which H2 then rewrites on every file write), and old rows are deleted from one end; the
 * random bits keep them unguessable.
 */
public final class TimeOrderedUuid {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TimeOrderedUuid() {
    }

    public static UUID next() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | (ByteBuffer.wrap(random, 2, 8).getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low);
    }
}
