package org.chelate.server;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Background work that should not compete with the start for CPU (warm-ups): held until {@link #release()}, then run
 * one after the other, in the order given, on a single daemon thread, until {@link #close()}. Work given after the
 * release runs on that thread too.
 * <p>
 * The work waits a moment after the release as well: the first requests (a monitor's {@code /metadata} or
 * {@code /health}) come right after the port opens, and on two cores seconds of warm-up CPU beside them made them
 * slower by a few hundred milliseconds. A call that comes before the warm-up just runs cold.
 */
final class AfterStart implements Executor, AutoCloseable {

    /** The pause between the release and the first work in the server. */
    static final Duration SERVER_DELAY = Duration.ofSeconds(2);

    private final Duration delay;

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private boolean released;

    AfterStart() {
        this(SERVER_DELAY);
    }

    AfterStart(Duration delay) {
        this.delay = delay;
    }

    @Override
    public void execute(Runnable work) {
        if (!closed) {
            queue.add(work);
        }
    }

    /** Starts running the work (once; later calls do nothing). */
    synchronized void release() {
        if (released || closed) {
            return;
        }
        released = true;
        Thread runner = new Thread(this::runUntilClosed, "chelate-after-start");
        runner.setDaemon(true);
        runner.start();
    }

    private void runUntilClosed() {
        try {
            Thread.sleep(delay.toMillis());
            while (!closed) {
                Runnable work = queue.poll(1, TimeUnit.SECONDS);
                if (work != null && !closed) {
                    work.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops work not yet started (the server is stopping); work already running finishes on its daemon thread. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
    }
}
