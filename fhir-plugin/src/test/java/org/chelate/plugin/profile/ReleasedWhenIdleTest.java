package org.chelate.plugin.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReleasedWhenIdleTest {

    private final AtomicInteger built = new AtomicInteger();
    private final List<String> released = new ArrayList<>();

    private String build() {
        return "value " + built.incrementAndGet();
    }

    @Test
    void keptWhileUsedWithinTheIdleTimeThenReleasedAndBuiltAgain() {
        AtomicLong now = new AtomicLong();
        ReleasedWhenIdle<String> holder = new ReleasedWhenIdle<>(this::build, released::add, Duration.ofMinutes(5),
                now::get);
        assertFalse(holder.isBuilt());
        assertEquals("value 1", holder.get());

        now.addAndGet(Duration.ofMinutes(4).toNanos());
        assertEquals("value 1", holder.get());
        now.addAndGet(Duration.ofMinutes(4).toNanos());
        holder.releaseIfIdle();   // 4 minutes since the last use
        assertTrue(holder.isBuilt());
        assertTrue(released.isEmpty());

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        holder.releaseIfIdle();   // 5 minutes since the last use
        assertFalse(holder.isBuilt());
        assertEquals(List.of("value 1"), released);

        assertEquals("value 2", holder.get());
        assertEquals(2, built.get());
    }

    @Test
    void theTimerReleasesAnIdleValueByItself() throws InterruptedException {
        ReleasedWhenIdle<String> holder = new ReleasedWhenIdle<>(this::build, released::add, Duration.ofMillis(50));
        assertEquals("value 1", holder.get());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (holder.isBuilt() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(holder.isBuilt());
        synchronized (holder) {
            assertEquals(List.of("value 1"), released);
        }
        assertEquals("value 2", holder.get());
    }
}
