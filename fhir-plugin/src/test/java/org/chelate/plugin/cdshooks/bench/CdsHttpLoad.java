package org.chelate.plugin.cdshooks.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.chelate.plugin.cdshooks.CdsHooksConfig;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.plugin.cdshooks.CdsHooksServlet;
import org.chelate.plugin.cdshooks.InMemoryFeedbackStore;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * HTTP load test of the CDS Hooks servlet on a real Jetty (loopback): {@code clients} threads post patient-view
 * calls for {@code seconds} after a warm-up; prints calls/s, p50, p99 and the status counts. Stops itself.
 * Usage: CdsHttpLoad [clients=8] [seconds=20] [statements=20] [observations=500]
 */
public final class CdsHttpLoad {

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int statements = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int observations = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                BenchmarkData.TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock), new InMemoryFeedbackStore());
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new CdsHooksServlet(service)), "/cds-services/*");
        server.setHandler(context);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/cds-services/chelate-patient-view");
        String body = BenchmarkData.patientViewRequest(statements, observations);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            run(http, uri, body, clients, Math.max(3, seconds / 4), false);
            run(http, uri, body, clients, seconds, true);
        } finally {
            server.stop();
        }
    }

    private static void run(HttpClient http, URI uri, String body, int clients, int seconds, boolean report)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong cards = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<?>> futures = new ArrayList<>();
        Map<Long, Long> serverCpuBefore = serverThreadCpu();
        long processCpuBefore = processCpu();
        long started = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - t0);
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                        cards.addAndGet(r.body().split("\"uuid\"").length - 1);
                    } else {
                        other.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long processCpu = processCpu() - processCpuBefore;
        long serverCpu = 0;
        for (Map.Entry<Long, Long> t : serverThreadCpu().entrySet()) {
            serverCpu += t.getValue() - serverCpuBefore.getOrDefault(t.getKey(), 0L);
        }
        pool.shutdown();
        if (!report) {
            return;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("clients=%d seconds=%.1f calls=%d ok=%d non200=%d calls/s=%.1f p50=%.1f ms p99=%.1f ms "
                        + "max=%.1f ms cards/call=%.1f%n", clients, elapsed, sorted.size(), ok.get(), other.get(),
                sorted.size() / elapsed, pct(sorted, 0.50), pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6,
                ok.get() == 0 ? 0.0 : (double) cards.get() / ok.get());
        int calls = Math.max(1, sorted.size());
        System.out.printf("CPU per call: %.2f ms whole JVM (server, 8 clients, GC, JIT), %.2f ms in server threads "
                        + "(Jetty + guidance pool); %d cores; load average %.1f%n", processCpu / 1e6 / calls,
                serverCpu / 1e6 / calls, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long processCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** CPU time of the threads that serve the calls: Jetty's pool (qtp…) and the guidance pool (cds-guidance-…). */
    private static Map<Long, Long> serverThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && (info.getThreadName().startsWith("qtp")
                    || info.getThreadName().startsWith("cds-guidance"))) {
                long t = threads.getThreadCpuTime(info.getThreadId());
                if (t >= 0) {
                    cpu.put(info.getThreadId(), t);
                }
            }
        }
        return cpu;
    }

    private static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
