package org.chelate.server.security.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.chelate.server.ChelateServer;

/**
 * Mixed valid and hostile traffic against one server on loopback for a bounded time: valid creates, reads and
 * searches beside out-of-bounds numbers, lone surrogates, invalid UTF-8, Jetty-level bad requests, deep JSON and bodies
 * trickling at 1 byte/s. Counts answers by kind and status, every acknowledged create (read back at the end), live
 * threads and heap after GC once warm and at the end.
 */
final class HostileSoak {

    /** What a run saw. */
    record Result(long seconds, Map<String, Long> statuses, List<String> serverErrors, List<String> lostWrites,
            int acknowledgedWrites, int threadsWarm, int threadsEnd, long heapWarmMb, long heapEndMb, String loadBefore,
            String loadAfter, List<String> clientFailures) {

        String summary() {
            return "soak " + seconds + " s: " + statuses.values().stream().mapToLong(Long::longValue).sum()
                    + " requests, 5xx " + serverErrors.size() + ", acknowledged writes " + acknowledgedWrites
                    + " (unreadable " + lostWrites.size() + "), threads " + threadsWarm + " -> " + threadsEnd
                    + ", heap after GC " + heapWarmMb + " MB -> " + heapEndMb + " MB, load average " + loadBefore
                    + " -> " + loadAfter + ", answers " + statuses
                    + (clientFailures.isEmpty() ? "" : ", client-side failures (first 20): " + clientFailures);
        }
    }

    private static final int CLIENTS = 12;
    private static final int TRICKLERS = 50;
    private static final String OBS = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":"
            + "[{\"system\":\"http://loinc.org\",\"code\":\"72514-3\"}]},\"subject\":{\"reference\":\"Patient/%s\"},"
            + "\"valueQuantity\":{\"value\":%s}}";

    private final ChelateServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    private final List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    private final List<String> clientFailures = Collections.synchronizedList(new ArrayList<>());

    HostileSoak(ChelateServer server) {
        this.server = server;
    }

    Result run(Duration duration) throws Exception {
        String loadBefore = loadAverage();
        String patient = created(request("POST", "/fhir/Patient", "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Soak\"}]}".getBytes(StandardCharsets.UTF_8)))
                .substring("Patient/".length());
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long warm = start + duration.toNanos() / 4; // caches (paged searches, parsed resources) fill by then
        int[] threadsWarm = {-1};
        long[] heapWarm = {-1};
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<?>> running = new ArrayList<>();
        running.add(clients.submit(() -> trickle(end)));
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                while (System.nanoTime() < end) {
                    step(patient);
                    if (threadsWarm[0] < 0 && System.nanoTime() > warm) {
                        synchronized (threadsWarm) {
                            if (threadsWarm[0] < 0) {
                                threadsWarm[0] = serverThreads();
                                heapWarm[0] = heapAfterGcMb();
                            }
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : running) {
            client.get(duration.toSeconds() + 120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        Thread.sleep(2_000); // let the server finish closing the tricklers' connections
        int threadsEnd = serverThreads();
        long heapEnd = heapAfterGcMb();
        List<String> lost = new ArrayList<>();
        for (String location : List.copyOf(acknowledged)) {
            HttpResponse<String> read = request("GET", "/fhir/" + location, null, null);
            if (read.statusCode() != 200) {
                lost.add(location + " -> " + read.statusCode());
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        return new Result(duration.toSeconds(), counts, List.copyOf(serverErrors), lost, acknowledged.size(),
                threadsWarm[0], threadsEnd, heapWarm[0], heapEnd, loadBefore, loadAverage(), List.copyOf(clientFailures));
    }

    private void step(String patient) {
        int dice = ThreadLocalRandom.current().nextInt(100);
        String kind;
        try {
            if (dice < 25) {
                kind = "create";
                HttpResponse<String> response = request("POST", "/fhir/Observation", "application/fhir+json",
                        OBS.formatted(patient, ThreadLocalRandom.current().nextInt(1, 200)).getBytes(StandardCharsets.UTF_8));
                count(kind, response.statusCode(), response.body());
                if (response.statusCode() == 201) {
                    acknowledged.add(created(response));
                }
                return;
            }
            HttpResponse<String> response;
            if (dice < 40) {
                kind = "read";
                response = request("GET", "/fhir/Patient/" + patient, null, null);
            } else if (dice < 55) {
                kind = "search";
                response = request("GET", "/fhir/Observation?subject=Patient/" + patient + "&_count=10", null, null);
            } else if (dice < 62) {
                kind = "huge-number";
                String number = List.of("1e999999", "-1e2000", "1e-999999", "1" + "0".repeat(5_000))
                        .get(dice % 4);
                response = request("POST", "/fhir/Observation", "application/fhir+json",
                        OBS.formatted(patient, number).getBytes(StandardCharsets.UTF_8));
            } else if (dice < 68) {
                kind = "lone-surrogate";
                response = request("POST", "/fhir/Patient", "application/fhir+json",
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"S\\ud800\"}]}".getBytes(StandardCharsets.UTF_8));
            } else if (dice < 74) {
                kind = "invalid-utf8";
                response = request("POST", "/fhir/Patient", "application/fhir+json",
                        "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"S\u00ff\"}]}".getBytes(StandardCharsets.ISO_8859_1));
            } else if (dice < 80) {
                kind = "deep-json";
                response = request("POST", "/fhir/Patient", "application/fhir+json",
                        ("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
            } else if (dice < 86) {
                kind = "bad-query";
                response = request("GET", "/fhir/Patient?name=%ED%A0%80&x=%ff", null, null);
            } else {
                kind = "jetty-level";
                String status = jettyLevel(dice);
                count(kind, Integer.parseInt(status), status);
                return;
            }
            count(kind, response.statusCode(), response.body());
        } catch (Exception e) {
            count("exception", 0, e.toString());
            if (clientFailures.size() < 20) {
                clientFailures.add(e.toString());
            }
        }
    }

    /** A request Jetty refuses before the application, over a raw socket; returns its status. */
    private String jettyLevel(int dice) throws IOException {
        String target = switch (dice % 4) {
            case 0 -> "/fhir/Patient/%2e%2e/x";
            case 1 -> "/fhir/Patient/a%00b";
            case 2 -> "/cds-services/a%2fb";
            default -> "/fhir/Patient?name=" + "a".repeat(20_000);
        };
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] head = socket.getInputStream().readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1).substring(9, 12);
        }
    }

    /** Keeps {@value #TRICKLERS} uploads sending one byte a second, reconnecting as the server cuts them off. */
    private Void trickle(long end) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            while (System.nanoTime() < end) {
                sockets.removeIf(Socket::isClosed);
                while (sockets.size() < TRICKLERS) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress(server.host(), server.port()), 5_000);
                    socket.getOutputStream().write(("POST /fhir/Patient HTTP/1.1\r\nHost: x\r\nContent-Type: "
                            + "application/fhir+json\r\nContent-Length: 500\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                    sockets.add(socket);
                }
                for (Socket socket : sockets) {
                    try {
                        InputStream in = socket.getInputStream();
                        if (in.available() > 0) {
                            socket.close(); // answered (cut off): make room for a new one
                            count("trickle", 0, "cut off");
                            continue;
                        }
                        OutputStream out = socket.getOutputStream();
                        out.write(' ');
                        out.flush();
                    } catch (IOException closed) {
                        socket.close();
                        count("trickle", 0, "cut off");
                    }
                }
                Thread.sleep(1_000);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        return null;
    }

    private void count(String kind, int status, String body) {
        statuses.computeIfAbsent(kind + " " + (status == 0 ? "closed" : status), k -> new AtomicLong()).incrementAndGet();
        if (status >= 500) {
            serverErrors.add(kind + " -> " + status + " " + body.substring(0, Math.min(200, body.length())));
        }
    }

    private HttpResponse<String> request(String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUri() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            request.header("Content-Type", type);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code Observation/123} from a 201's Location header. */
    private static String created(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new IllegalStateException("no Location: " + response.statusCode() + " " + response.body()));
        String path = location.substring(location.indexOf("/fhir/") + 6);
        int history = path.indexOf("/_history");
        return history < 0 ? path : path.substring(0, history);
    }

    /** Threads of the server (Jetty's pool is named chelate-http). */
    private static int serverThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("chelate-http")).count();
    }

    private static long heapAfterGcMb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
