package org.chelate.plugin.cdshooks;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.chelate.plugin.guidance.Finding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guidance pool: the threads that read, map and run the rules of a call, and the wait that keeps a call within
 * its budget. Bounded: a flood of slow calls is refused quickly instead of piling up work past every budget.
 */
final class GuidancePool {

    /** The service's logger, as before the pool was a class of its own: operators filter CDS calls by it. */
    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksService.class);

    private final ExecutorService pool;

    GuidancePool() {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 8), r -> {
                    Thread t = new Thread(r, "cds-guidance-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /**
     * Runs the reading, mapping and rules of a call on the guidance pool and waits at most until the deadline
     * (mapping cannot be cut half-way, so the wait is what keeps the budget hard). Past the deadline the call answers
     * with the cards already made from the medications alone; with the pool saturated, with none. The log says why.
     */
    List<Finding> withinBudget(Callable<List<Finding>> work, AtomicReference<List<Finding>> early, DataGaps gaps,
                               String hookInstance, String serviceId, long startNanos, Duration budget) {
        Future<List<Finding>> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            LOG.warn("CDS call {} to {}: guidance pool saturated, answering 503", hookInstance, serviceId);
            throw new CdsHooksException(503, "the service is busy: no guidance was computed; retry shortly");
        }
        // real elapsed time, whatever the configured clock says: this wait is what the caller experiences
        long waitMs = Math.max(1, budget.toMillis() - (System.nanoTime() - startNanos) / 1_000_000);
        try {
            return future.get(waitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            List<Finding> made = early.get();
            if (made == null) {
                gaps.notEvaluated("every check: the record could not be read within the time limit");
                made = List.of();
            } else {
                gaps.notEvaluated("lab results and symptom scores (serum levels, eGFR with magnesium, copper "
                        + "monitoring, symptom response)");
            }
            LOG.warn("CDS call {} to {}: reading and mapping the record did not finish within the budget; "
                    + "answering with the {} card(s) that need no Observation", hookInstance, serviceId, made.size());
            return made;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CdsHooksException(503, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
