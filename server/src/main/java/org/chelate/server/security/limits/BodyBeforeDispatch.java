package org.chelate.server.security.limits;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request's whole body without a thread (Jetty's demand callbacks) before the next handler, whose servlets
 * read with blocking calls, sees the request: a body trickling in holds a little memory, never a thread. Refused, in
 * the server's error format: a body larger than {@code maxBodyBytes} (413); one arriving slower than
 * {@code minBytesPerSecond}, averaged from the first read after a grace period (408); any body while the bodies being
 * read or handled already hold {@code maxBytesInFlight} bytes or number {@code maxBodiesInFlight} (503); a connection
 * that fails mid-body (400, or 408 on the idle timeout).
 *
 * <p>Jetty's own {@code EagerContentHandler} reads bodies the same way but lets a trickle wait for the idle timeout, and
 * its {@code MinimumDataRateHandler} (12.1) measures each request against the bytes read by all requests together, so
 * that under any concurrent traffic it never cuts a trickle off.
 */
final class BodyBeforeDispatch extends Handler.Wrapper {

    static final long GRACE_NANOS = 5_000_000_000L;

    private final long maxBodyBytes;
    private final long minBytesPerSecond;
    private final long maxBytesInFlight;
    private final int maxBodiesInFlight;
    private final AtomicLong bytesInFlight = new AtomicLong();
    private final AtomicInteger bodiesInFlight = new AtomicInteger();

    BodyBeforeDispatch(Handler next, long maxBodyBytes, long minBytesPerSecond, long maxBytesInFlight,
            int maxBodiesInFlight) {
        super(next);
        this.maxBodyBytes = maxBodyBytes;
        this.minBytesPerSecond = minBytesPerSecond;
        this.maxBytesInFlight = maxBytesInFlight;
        this.maxBodiesInFlight = maxBodiesInFlight;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!SlowClientLimits.hasBody(request)) {
            return super.handle(request, response, callback);
        }
        if (bodiesInFlight.incrementAndGet() > maxBodiesInFlight) {
            bodiesInFlight.decrementAndGet();
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
                    "too many request bodies in flight; retry shortly");
            return true;
        }
        new Loader(request, response, callback).read(false);
        return true;
    }

    /** Reads one request's body, then hands the request on with the body replayed from memory. */
    private final class Loader implements Invocable.Task {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final long started = NanoTime.now();
        private byte[] body = new byte[1024];
        private int length;
        private boolean done;

        Loader(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        /** Called by Jetty when more of the body can be read. */
        @Override
        public void run() {
            read(true);
        }

        void read(boolean fromDemand) {
            while (true) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (tooSlow()) {
                        fail(HttpStatus.REQUEST_TIMEOUT_408, "the request body arrived slower than "
                                + minBytesPerSecond + " bytes per second", null);
                        return;
                    }
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    Throwable failure = chunk.getFailure();
                    chunk.release();
                    boolean timeout = failure instanceof TimeoutException;
                    fail(timeout ? HttpStatus.REQUEST_TIMEOUT_408 : HttpStatus.BAD_REQUEST_400, timeout
                            ? "the request body stopped arriving" : "the request body could not be read", failure);
                    return;
                }
                int size = chunk.remaining();
                boolean last = chunk.isLast();
                if ((long) length + size > maxBodyBytes) {
                    chunk.release();
                    fail(HttpStatus.PAYLOAD_TOO_LARGE_413, "the request body is larger than " + maxBodyBytes
                            + " bytes", null);
                    return;
                }
                if (bytesInFlight.addAndGet(size) > maxBytesInFlight) {
                    bytesInFlight.addAndGet(-size);
                    chunk.release();
                    fail(HttpStatus.SERVICE_UNAVAILABLE_503, "too many request bytes in flight; retry shortly", null);
                    return;
                }
                append(chunk.getByteBuffer(), size);
                chunk.release();
                if (last) {
                    if (fromDemand) {
                        request.getContext().execute(this::dispatch); // the next handler may block
                    } else {
                        dispatch();
                    }
                    return;
                }
            }
        }

        private void append(ByteBuffer buffer, int size) {
            if (length + size > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(maxBodyBytes, Math.max((long) body.length * 2, length + size)));
            }
            buffer.get(body, length, size);
            length += size;
        }

        private boolean tooSlow() {
            long elapsed = NanoTime.since(started);
            return elapsed > GRACE_NANOS && length * 1_000_000_000L / elapsed < minBytesPerSecond;
        }

        private void fail(int status, String message, Throwable cause) {
            finish();
            Response.writeError(request, response, callback, status, message, cause);
        }

        private void dispatch() {
            Callback finishing = Callback.from(callback, this::finish);
            Replay replay = new Replay(request, ByteBuffer.wrap(body, 0, length));
            try {
                if (!getHandler().handle(replay, response, finishing)) {
                    Response.writeError(request, response, finishing, HttpStatus.NOT_FOUND_404);
                }
            } catch (Throwable t) {
                Response.writeError(request, response, finishing, t);
            }
        }

        /** Gives back what this body counted in flight; once. */
        private synchronized void finish() {
            if (!done) {
                done = true;
                bytesInFlight.addAndGet(-length);
                bodiesInFlight.decrementAndGet();
                body = null;
            }
        }
    }

    /** The request with its body served from memory, in one chunk. */
    private static final class Replay extends Request.Wrapper {
        private final ByteBuffer body;
        private boolean served;

        Replay(Request request, ByteBuffer body) {
            super(request);
            this.body = body;
        }

        @Override
        public synchronized Content.Chunk read() {
            if (served) {
                return Content.Chunk.EOF;
            }
            served = true;
            return Content.Chunk.from(body, true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // the body is all here: a read never waits
        }
    }
}
