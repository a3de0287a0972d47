package org.chelate.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Background work that should not compete with the start for CPU (warm-ups): held until {@link #release()}, then run
 * one after the other, in the order given, on a single daemon thread. Work given after the release runs on that
 * thread too.
 */
final class AfterStart implements Executor {

    private final List<Runnable> held = new ArrayList<>();
    private Executor runner;

    @Override
    public synchronized void execute(Runnable work) {
        if (runner == null) {
            held.add(work);
        } else {
            runner.execute(work);
        }
    }

    /** Starts the held work (once; later calls do nothing). */
    synchronized void release() {
        if (runner != null) {
            return;
        }
        runner = java.util.concurrent.Executors.newSingleThreadExecutor(work -> {
            Thread thread = new Thread(work, "chelate-after-start");
            thread.setDaemon(true);
            return thread;
        });
        held.forEach(runner::execute);
        held.clear();
    }
}
