package org.chelate.server.security.limits;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.handler.DoSHandler;

/**
 * Per-client request rate, with Jetty's own {@link DoSHandler}: a leaky bucket per remote address; over the rate a
 * client gets 429 while others carry on. {@code /health} is exempt so monitors are not throttled; loopback callers can
 * be exempted too (local tools and benchmarks; a reverse proxy on the same host should limit by itself, since behind
 * it every client has the proxy's address).
 */
public final class RequestRateLimit {

    public static final int DEFAULT_REQUESTS_PER_SECOND = 200;
    public static final int DEFAULT_MAX_TRACKED_CLIENTS = 10_000;

    private RequestRateLimit() {
    }

    /** Wraps {@code next} so that each remote address gets at most {@code requestsPerSecond}. */
    public static DoSHandler perClient(Handler next, int requestsPerSecond, int maxTrackedClients,
            boolean exemptLoopback) {
        if (requestsPerSecond < 1) {
            throw new IllegalArgumentException("requestsPerSecond must be positive");
        }
        DoSHandler handler = new DoSHandler(next, DoSHandler.ID_FROM_REMOTE_ADDRESS,
                new DoSHandler.LeakingBucketTrackerFactory(requestsPerSecond),
                new DoSHandler.StatusRejectHandler(429), maxTrackedClients);
        handler.excludePath("/health");
        if (exemptLoopback) {
            handler.excludeInetAddressPattern("127.0.0.0/8", "::1");
        }
        return handler;
    }
}
