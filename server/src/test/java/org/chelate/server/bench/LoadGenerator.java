package org.chelate.server.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives a Chelate server over HTTP from N concurrent clients. Loopback only, and every run is bounded both by a
 * request count and by a deadline, so it always stops by itself.
 */
public final class LoadGenerator {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final long MAX_LATENCY_MICROS = Duration.ofMinutes(1).toNanos() / 1_000;

    private final URI fhirBase;
    private final HttpClient http;

    public LoadGenerator(URI fhirBase) {
        this.fhirBase = requireLoopback(fhirBase);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static URI requireLoopback(URI uri) {
        try {
            if (!InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("the load generator only targets loopback, not " + uri);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot resolve " + uri, e);
        }
        return uri;
    }

    /** What a run did: how many requests, how long, which statuses, latencies in microseconds. */
    public record Run(int requests, Duration elapsed, Map<Integer, Integer> statuses, int failures, Histogram latencyMicros,
            List<String> locations) {

        public double perSecond() {
            return requests / (elapsed.toNanos() / 1e9);
        }

        public int count(int status) {
            return statuses.getOrDefault(status, 0);
        }

        public double millisAt(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** POSTs {@code total} resources of a type (body i from {@code bodies}), keeping the Location of each 201. */
    public Run create(String resourceType, IntFunction<String> bodies, int total, int clients, Duration limit)
            throws InterruptedException {
        URI target = URI.create(fhirBase + "/" + resourceType);
        return drive(total, clients, limit, i -> HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", FHIR_JSON)
                .header("Accept", FHIR_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(bodies.apply(i)))
                .build());
    }

    /** GETs {@code total} paths relative to the FHIR base (path i from {@code paths}). */
    public Run get(IntFunction<String> paths, int total, int clients, Duration limit) throws InterruptedException {
        return drive(total, clients, limit, i -> HttpRequest.newBuilder(URI.create(fhirBase + "/" + paths.apply(i)))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", FHIR_JSON)
                .GET()
                .build());
    }

    private Run drive(int total, int clients, Duration limit, IntFunction<HttpRequest> requests)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        LongAdder failures = new LongAdder();
        Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
        List<String> locations = java.util.Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + limit.toNanos();

        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total && System.nanoTime() < deadline; ) {
                        HttpRequest request = requests.apply(i);
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            latencies.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - sent) / 1_000));
                            statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                            response.headers().firstValue("Location").ifPresent(locations::add);
                        } catch (IOException e) {
                            failures.increment();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<Integer, Integer> statusCounts = new TreeMap<>();
        statuses.forEach((status, count) -> statusCounts.put(status, count.intValue()));
        Histogram histogram = latencies.getIntervalHistogram();
        int done = (int) histogram.getTotalCount() + failures.intValue();
        return new Run(done, elapsed, statusCounts, failures.intValue(), histogram, List.copyOf(locations));
    }
}
