package org.chelate.plugin.cdshooks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock whose instant a test decides: moved by hand, or stepped on every read. */
final class TestClock extends Clock {

    private final Supplier<Instant> instant;

    TestClock(Supplier<Instant> instant) {
        this.instant = instant;
    }

    @Override
    public Instant instant() {
        return instant.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
