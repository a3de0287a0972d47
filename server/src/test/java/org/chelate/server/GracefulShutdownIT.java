package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chelate.server.testing.FhirHttp;
import org.chelate.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to the real jar: requests in flight finish, nothing half-written, the H2 file opens again. */
class GracefulShutdownIT {

    private static final int SIGTERM_EXIT = 128 + 15;

    @TempDir
    Path dataDir;

    @Test
    void sigtermLetsInFlightRequestsFinishThenClosesTheStoreCleanly() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        String slowPatient;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            FhirHttp fhir = new FhirHttp(server.fhirBase());
            List<Future<?>> stream = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                stream.add(pool.submit(() -> createUntilRefused(fhir, acknowledged, unexpected)));
            }
            waitFor(() -> acknowledged.size() >= 20, Duration.ofSeconds(60));

            // a create whose body is half sent when SIGTERM arrives, written on a raw socket so that exactly
            // the headers and the first half are on the wire
            byte[] body = FhirHttp.patientJson("SlowButSafe").getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            try (Socket socket = new Socket(server.fhirBase().getHost(), server.fhirBase().getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + server.fhirBase().getPath() + "/Patient HTTP/1.1\r\n"
                        + "Host: " + server.fhirBase().getAuthority() + "\r\n"
                        + "Content-Type: " + FhirHttp.FHIR_JSON + "\r\n"
                        + "Content-Length: " + body.length + "\r\n"
                        + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, half);
                out.flush();
                // time for the server to take the request in (generous for a busy CI machine); the whole pause
                // stays well under the 5 s a connection may be silent while the server stops
                Thread.sleep(1_500);

                server.sendSigterm();
                Thread.sleep(1_000);
                assertTrue(server.isAlive(), "the server waits for the request in flight:\n" + server.stdout());

                out.write(body, half, body.length - half);
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 201"), response);
                Matcher location = Pattern.compile("(?im)^Location: \\S*/fhir/(Patient/[^/\\s]+)").matcher(response);
                assertTrue(location.find(), response);
                slowPatient = location.group(1);
            }

            assertEquals(SIGTERM_EXIT, server.awaitExit(Duration.ofSeconds(60)));
            assertTrue(server.stdout().contains("Chelate stopped"), server.stdout());
            for (Future<?> client : stream) {
                client.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), unexpected, "during shutdown a client sees 201, 503 or a refused connection");

        try (ServerProcess restarted = ServerProcess.start(dataDir)) {
            FhirHttp fhir = new FhirHttp(restarted.fhirBase());
            HttpResponse<String> read = fhir.get(slowPatient);
            assertEquals(200, read.statusCode(), read.body());
            assertTrue(read.body().contains("SlowButSafe"), read.body());
            for (String reference : acknowledged) {
                assertEquals(200, fhir.get(reference).statusCode(), reference);
            }
        }
    }

    private static void createUntilRefused(FhirHttp fhir, Set<String> acknowledged, List<String> unexpected) {
        for (int i = 0; i < 100_000; i++) {
            try {
                HttpResponse<String> response = fhir.create("Patient", FhirHttp.patientJson("Stream" + i));
                if (response.statusCode() == 201) {
                    acknowledged.add(FhirHttp.reference(response));
                } else if (response.statusCode() != 503) {
                    unexpected.add(response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                return; // the server stopped listening
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
