package org.chelate.plugin.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TimeOrderedUuidTest {

    @Test
    void version7VariantRfcAndTheCurrentMillisecond() {
        long before = System.currentTimeMillis();
        UUID uuid = TimeOrderedUuid.next();
        long after = System.currentTimeMillis();
        assertEquals(7, uuid.version());
        assertEquals(2, uuid.variant());
        long millis = uuid.getMostSignificantBits() >>> 16;
        assertTrue(millis >= before && millis <= after, millis + " not in " + before + ".." + after);
    }

    @Test
    void uniqueAndOrderedAcrossMilliseconds() throws Exception {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TimeOrderedUuid.next()));
        }
        String first = TimeOrderedUuid.next().toString();
        Thread.sleep(2);
        String later = TimeOrderedUuid.next().toString();
        assertTrue(first.compareTo(later) < 0, first + " should sort before " + later);
    }
}
