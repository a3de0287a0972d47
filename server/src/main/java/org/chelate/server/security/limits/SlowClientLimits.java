package org.chelate.server.security.limits;

import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Keeps slow clients from holding the server's threads ({@link BodyBeforeDispatch}): a request body is read in full,
 * without a thread, before any servlet sees it; a body arriving slower than {@value #MIN_READ_BYTES_PER_SECOND}
 * bytes/s (after a grace of 5 s) is cut off with 408; bodies being read or handled together hold at most
 * {@value #MAX_BYTES_IN_FLIGHT} bytes and number at most {@value #MAX_BODIES_IN_FLIGHT} (beyond that, 503); a
 * connection silent for {@link #IDLE_TIMEOUT} is closed. Requests without a body (reads, searches, the health check)
 * pass straight through, so no number of slow uploads keeps them waiting.
 */
public final class SlowClientLimits {

    /** Low enough for any real network, far above a trickle. */
    public static final long MIN_READ_BYTES_PER_SECOND = 256;
    /** 64 of the largest bodies. */
    public static final long MAX_BYTES_IN_FLIGHT = 128L * 1024 * 1024;
    public static final int MAX_BODIES_IN_FLIGHT = 2_048;
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final long SLACK_BYTES = 64 * 1024;

    private SlowClientLimits() {
    }

    /**
     * The handler in front of {@code next}; bodies well beyond {@code maxBodyBytes} are refused (413) before they are
     * read in full, those just beyond it are left to the endpoints' own limits, which word their 413s themselves.
     */
    public static Handler wrap(Handler next, long maxBodyBytes) {
        return new BodyBeforeDispatch(next, maxBodyBytes + SLACK_BYTES, MIN_READ_BYTES_PER_SECOND, MAX_BYTES_IN_FLIGHT,
                MAX_BODIES_IN_FLIGHT);
    }

    /** The connector's part: connections silent for {@link #IDLE_TIMEOUT} are closed. */
    public static void apply(ServerConnector connector) {
        connector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    }

    static boolean hasBody(Request request) {
        return request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0
                || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
    }
}
