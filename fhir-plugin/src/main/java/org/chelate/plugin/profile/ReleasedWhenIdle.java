package org.chelate.plugin.profile;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value built on first use by the first caller (later callers wait for it) and dropped once it has not been asked
 * for during {@code idle}, so that a large, rarely used object (the validator holds the whole R4 specification) gives
 * its memory back; the next use builds it again. A caller that already holds the value keeps using it safely.
 */
public final class ReleasedWhenIdle<T> implements Supplier<T> {

    /** One daemon thread for every instance, started when a release is due and ended a minute after the last. */
    private static final ScheduledExecutorService TIMER = timer();

    private final Supplier<T> factory;
    private final Consumer<T> onRelease;
    private final long idleNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long lastUse;
    private ScheduledFuture<?> check;

    /** @param onRelease called with the dropped value, e.g. to clear caches it filled outside itself */
    public ReleasedWhenIdle(Supplier<T> factory, Consumer<T> onRelease, Duration idle) {
        this(factory, onRelease, idle, System::nanoTime);
    }

    ReleasedWhenIdle(Supplier<T> factory, Consumer<T> onRelease, Duration idle, LongSupplier nanoTime) {
        this.factory = Objects.requireNonNull(factory, "factory");
        this.onRelease = Objects.requireNonNull(onRelease, "onRelease");
        this.idleNanos = idle.toNanos();
        this.nanoTime = nanoTime;
        if (idleNanos <= 0) {
            throw new IllegalArgumentException("idle time must be positive: " + idle);
        }
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = factory.get();
        }
        lastUse = nanoTime.getAsLong();
        if (check == null) {
            check = TIMER.schedule(this::releaseIfIdle, idleNanos, TimeUnit.NANOSECONDS);
        }
        return value;
    }

    /** Whether the value is built now (for tests and diagnostics). */
    public synchronized boolean isBuilt() {
        return value != null;
    }

    /** Drops the value if it has not been asked for during the idle time; otherwise looks again when it could be. */
    synchronized void releaseIfIdle() {
        check = null;
        if (value == null) {
            return;
        }
        long idleFor = nanoTime.getAsLong() - lastUse;
        if (idleFor < idleNanos) {
            check = TIMER.schedule(this::releaseIfIdle, idleNanos - idleFor, TimeUnit.NANOSECONDS);
            return;
        }
        T released = value;
        value = null;
        onRelease.accept(released);
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "chelate-release-when-idle");
            thread.setDaemon(true);
            return thread;
        });
        timer.setKeepAliveTime(1, TimeUnit.MINUTES);
        timer.allowCoreThreadTimeOut(true);
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
