package org.chelate.plugin.cdshooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import org.chelate.plugin.http.AddressGuard;
import org.chelate.plugin.http.BlockedAddressException;

/**
 * Fetches prefetch data the CDS client did not send, from its {@code fhirServer}, with java.net.http. Calls only
 * allowlisted origins, never follows redirects (so a token is never sent to another host), caps time and size.
 * An allowlisted name that resolves to an internal address is refused ({@link AddressGuard}), before the call and
 * again once the response is in, before its body is read: java.net.http connects through the JVM's DNS cache, so the
 * second look sees the answer the connection used even if the cached entry was renewed in between.
 * Thread-safe; one instance per policy.
 */
public final class FhirFallbackFetcher {

    /** Name lookups for the address check run here, so a slow DNS answer counts against the fetch's time limit. */
    private static final Executor LOOKUPS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "chelate-fetch-lookup");
        thread.setDaemon(true);
        return thread;
    });

    private final OutboundFetchPolicy policy;
    private final AddressGuard addresses;
    /** Built on the first fetch: creating an HttpClient sets up TLS, which costs start-up time when no fetch is allowed. */
    private volatile HttpClient client;

    public FhirFallbackFetcher(OutboundFetchPolicy policy) {
        this.policy = policy;
        this.addresses = AddressGuard.allowing(policy.allowedOrigins().stream()
                .map(origin -> URI.create(origin).getHost()).toList(), policy.internalAddresses());
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (this) {
                built = client;
                if (built == null) {
                    built = HttpClient.newBuilder()
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(policy.timeout())
                            .build();
                    client = built;
                }
            }
        }
        return built;
    }

    /**
     * Sets up the HTTP client (TLS included) now when any origin is allowlisted, so that the first call after a start
     * does not spend its fetch budget on it.
     */
    public void prepare() {
        if (!policy.allowedOrigins().isEmpty()) {
            client();
        }
    }

    public OutboundFetchPolicy policy() {
        return policy;
    }

    public boolean allows(String fhirServer) {
        return policy.allows(fhirServer);
    }

    /**
     * GET {@code fhirServer}/{@code relativeUrl} as FHIR JSON.
     *
     * @param bearerToken access token from {@code fhirAuthorization}, or null to call without one
     * @param timeout     at most this long (capped by the policy's timeout)
     * @return the response body; fails with {@link FetchException}
     */
    public CompletableFuture<String> fetch(String fhirServer, String relativeUrl, String bearerToken, Duration timeout) {
        if (!policy.allows(fhirServer)) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.NOT_ALLOWED,
                    "fhirServer " + fhirServer + " is not on the outbound allowlist"));
        }
        Duration limit = limit(timeout);
        if (limit == null) {
            return noTimeLeft(relativeUrl);
        }
        String base = fhirServer.endsWith("/") ? fhirServer.substring(0, fhirServer.length() - 1) : fhirServer;
        URI uri;
        try {
            uri = URI.create(base + "/" + encodeQueryCharacters(relativeUrl));
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.IO, "bad fetch URL: " + e.getMessage()));
        }
        if (!policy.allows(uri.toString()) || !OutboundFetchPolicy.origin(uri.toString()).equals(OutboundFetchPolicy.origin(base))) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.NOT_ALLOWED,
                    "fetch URL leaves the allowlisted origin"));
        }
        return get(uri, bearerToken, limit);
    }

    /**
     * GET an absolute URL (a search Bundle's {@code next} link) as FHIR JSON, under the same allowlist, address
     * guard and caps as {@link #fetch}.
     *
     * @param bearerToken sent only when not null: give it only for the {@code fhirServer}'s own origin
     */
    public CompletableFuture<String> fetchUrl(String url, String bearerToken, Duration timeout) {
        if (!policy.allows(url)) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.NOT_ALLOWED,
                    "next page " + url + " is not on the outbound allowlist"));
        }
        Duration limit = limit(timeout);
        if (limit == null) {
            return noTimeLeft("the next page");
        }
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.IO, "bad next-page URL"));
        }
        return get(uri, bearerToken, limit);
    }

    /** The caller's time left, capped by the policy's timeout; null when none is left. */
    private Duration limit(Duration timeout) {
        Duration limit = timeout.compareTo(policy.timeout()) < 0 ? timeout : policy.timeout();
        return limit.isNegative() || limit.isZero() ? null : limit;
    }

    private static CompletableFuture<String> noTimeLeft(String what) {
        return CompletableFuture.failedFuture(new FetchException(FetchException.Reason.TIMEOUT,
                "no time left in the call's budget to fetch " + what));
    }

    private CompletableFuture<String> get(URI uri, String bearerToken, Duration limit) {
        String relativeUrl = uri.getRawPath();
        String host = uri.getHost();
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(limit).GET()
                .header("Accept", "application/fhir+json");
        if (bearerToken != null && !bearerToken.isBlank()) {
            request.header("Authorization", "Bearer " + bearerToken);
        }
        HttpRequest built = request.build();
        long deadline = System.nanoTime() + limit.toNanos();
        return CompletableFuture.runAsync(() -> checkAddresses(host), LOOKUPS)
                .thenCompose(checked -> System.nanoTime() - deadline >= 0 // the caller has given up: send nothing
                        ? CompletableFuture.failedFuture(new TimeoutException())
                        : client().sendAsync(built, HttpResponse.BodyHandlers.ofInputStream()))
                .thenApply(this::readBody)
                .orTimeout(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(translate(e, relativeUrl)));
    }

    /** Percent-encodes what a FHIR search may hold but a URI may not (e.g. the "|" of system|code). */
    static String encodeQueryCharacters(String relative) {
        StringBuilder out = new StringBuilder(relative.length() + 16);
        for (byte b : relative.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
            if (plain) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private String readBody(HttpResponse<InputStream> response) {
        try (InputStream in = response.body()) {
            checkAddresses(response.uri().getHost());
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                throw new FetchException(FetchException.Reason.REDIRECT, "fhirServer answered with a redirect ("
                        + status + "); redirects are not followed");
            }
            if (status != 200) {
                throw new FetchException(FetchException.Reason.HTTP_STATUS, "fhirServer answered " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > policy.maxResponseBytes()) {
                throw tooLarge();
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, policy.maxResponseBytes() + 1));
            if (bytes.length > policy.maxResponseBytes()) {
                throw tooLarge();
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.IO, "reading the fhirServer response failed: " + e.getMessage());
        }
    }

    private void checkAddresses(String host) {
        try {
            addresses.resolve(host);
        } catch (BlockedAddressException e) {
            throw new FetchException(FetchException.Reason.NOT_ALLOWED, "fhirServer refused: " + e.getMessage());
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.IO, "fhirServer host " + host + " does not resolve");
        }
    }

    private FetchException tooLarge() {
        return new FetchException(FetchException.Reason.TOO_LARGE, "fhirServer response exceeds "
                + policy.maxResponseBytes() + " bytes");
    }

    private static FetchException translate(Throwable e, String what) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof FetchException f) {
            return f;
        }
        if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
            return new FetchException(FetchException.Reason.TIMEOUT, "fetching " + what + " timed out");
        }
        return new FetchException(FetchException.Reason.IO, "fetching " + what + " failed: " + cause);
    }
}
