package org.chelate.plugin.cdshooks.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * GETs FHIR data from a CDS client's {@code fhirServer} under an {@link OutboundFetchPolicy}: only allowlisted origins,
 * never a redirect (a 3xx is an error, so a token cannot be carried elsewhere), the body capped while it streams, and
 * the whole exchange bounded by a deadline. The bearer token goes only to the allowlisted URL asked for. Thread-safe;
 * share one instance.
 */
public final class SafeHttpFetcher {

    private final OutboundFetchPolicy policy;
    private final HttpClient client;

    public SafeHttpFetcher(OutboundFetchPolicy policy) {
        this.policy = policy;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(policy.connectTimeout())
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
    }

    public OutboundFetchPolicy policy() {
        return policy;
    }

    /**
     * Resolves a prefetch-style relative query ({@code Patient/123}, {@code MedicationStatement?patient=123}) against
     * {@code fhirServer}, refusing anything that would leave that server's origin or base path.
     */
    public static URI resolve(URI fhirServer, String relative) throws FetchException {
        if (relative.startsWith("/") || relative.contains("://") || relative.startsWith("\\")) {
            throw new FetchException(FetchException.Reason.NOT_ALLOWED, "query must be relative to fhirServer: " + relative);
        }
        String base = fhirServer.toString();
        URI resolved;
        try {
            resolved = URI.create(base.endsWith("/") ? base : base + "/").resolve(relative);
        } catch (IllegalArgumentException e) {
            throw new FetchException(FetchException.Reason.NOT_ALLOWED, "bad query " + relative + ": " + e.getMessage());
        }
        String basePath = fhirServer.normalize().getPath();
        basePath = basePath.endsWith("/") ? basePath : basePath + "/";
        if (!Origin.of(resolved).equals(Origin.of(fhirServer)) || !resolved.normalize().getPath().startsWith(basePath)) {
            throw new FetchException(FetchException.Reason.NOT_ALLOWED, "query leaves fhirServer: " + relative);
        }
        return resolved;
    }

    /**
     * @param url         an absolute URL on an allowlisted origin
     * @param bearerToken the {@code fhirAuthorization.access_token} to send, or null
     * @param budget      the time left for this fetch; the policy's max time caps it
     */
    public FetchResponse get(URI url, String bearerToken, Duration budget) throws FetchException {
        if (!policy.allows(url)) {
            throw new FetchException(FetchException.Reason.NOT_ALLOWED, "origin not allowlisted for outbound fetch: "
                    + safeOrigin(url));
        }
        Duration timeout = budget == null || budget.compareTo(policy.maxTime()) > 0 ? policy.maxTime() : budget;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new FetchException(FetchException.Reason.TIMEOUT, "no time left for the fetch");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET()
                .timeout(timeout)
                .header("Accept", "application/fhir+json");
        if (bearerToken != null && !bearerToken.isBlank()) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        CompletableFuture<HttpResponse<byte[]>> exchange =
                client.sendAsync(request.build(), info -> capped(info, policy.maxResponseBytes()));
        try {
            HttpResponse<byte[]> response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new FetchResponse(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FetchException(FetchException.Reason.TIMEOUT, "no complete answer from " + safeOrigin(url)
                    + " within " + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new FetchException(FetchException.Reason.TIMEOUT, "interrupted");
        } catch (ExecutionException e) {
            throw translate(e.getCause(), url, timeout);
        }
    }

    private static FetchException translate(Throwable cause, URI url, Duration timeout) {
        if (cause instanceof FetchException fetch) {
            return fetch;
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, "no answer from " + safeOrigin(url)
                    + " within " + timeout.toMillis() + " ms", cause);
        }
        if (cause instanceof IOException && cause.getCause() instanceof FetchException fetch) {
            return fetch;
        }
        return new FetchException(FetchException.Reason.IO, "fetch from " + safeOrigin(url) + " failed: "
                + cause.getClass().getSimpleName(), cause);
    }

    private static String safeOrigin(URI url) {
        try {
            return Origin.of(url).toString();
        } catch (IllegalArgumentException e) {
            return "(not an http(s) URL)";
        }
    }

    private static HttpResponse.BodySubscriber<byte[]> capped(HttpResponse.ResponseInfo info, long maxBytes) {
        if (info.statusCode() >= 300 && info.statusCode() < 400) {
            return new FailingSubscriber(new FetchException(FetchException.Reason.REDIRECT,
                    "redirect (" + info.statusCode() + ") not followed"));
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (declared > maxBytes) {
            return new FailingSubscriber(tooLarge(maxBytes));
        }
        return new CappedSubscriber(maxBytes);
    }

    private static FetchException tooLarge(long maxBytes) {
        return new FetchException(FetchException.Reason.TOO_LARGE, "response larger than " + maxBytes + " bytes");
    }

    /** Collects the body but cancels the stream as soon as it passes the cap. */
    private static final class CappedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long maxBytes;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedSubscriber(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription newSubscription) {
            this.subscription = newSubscription;
            newSubscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + (long) item.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(tooLarge(maxBytes));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }

    /** Refuses the body outright (redirects, declared oversize) and stops the transfer. */
    private static final class FailingSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        FailingSubscriber(FetchException failure) {
            result.completeExceptionally(failure);
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }
    }
}
