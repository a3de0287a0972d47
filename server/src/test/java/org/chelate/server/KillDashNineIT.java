package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chelate.server.testing.FhirHttp;
import org.chelate.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL in the middle of a stream of creates on the embedded H2 store: every acknowledged create survives. */
class KillDashNineIT {

    private static final int CLIENTS = 8;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 400;

    @TempDir
    Path dataDir;

    @Test
    void everyCreateThatGotA201IsReadableAfterKillMinusNineAndRestart() throws Exception {
        Map<String, String> markerByReference = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            FhirHttp fhir = new FhirHttp(server.fhirBase());
            HttpResponse<String> patient = fhir.create("Patient", FhirHttp.patientJson("Durable"));
            assertEquals(201, patient.statusCode(), patient.body());
            String patientReference = FhirHttp.reference(patient);
            markerByReference.put(patientReference, "Durable");

            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> createUntilKilled(fhir, patientReference, client, markerByReference)));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (markerByReference.size() < ACKNOWLEDGED_BEFORE_KILL && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            server.kill(Duration.ofSeconds(30)); // writes are still streaming in
            for (Future<?> client : clients) {
                client.get(60, TimeUnit.SECONDS);
            }
            assertTrue(markerByReference.size() >= ACKNOWLEDGED_BEFORE_KILL,
                    "only " + markerByReference.size() + " creates acknowledged before the deadline");
        } finally {
            pool.shutdownNow();
        }

        try (ServerProcess restarted = ServerProcess.start(dataDir)) {
            FhirHttp fhir = new FhirHttp(restarted.fhirBase());
            List<String> lost = new ArrayList<>();
            for (Map.Entry<String, String> created : markerByReference.entrySet()) {
                HttpResponse<String> read = fhir.get(created.getKey());
                if (read.statusCode() != 200 || !read.body().contains(created.getValue())) {
                    lost.add(created.getKey() + " -> " + read.statusCode());
                }
            }
            assertEquals(List.of(), lost, "acknowledged creates lost after kill -9 (of " + markerByReference.size() + ")");
        }
    }

    private static void createUntilKilled(FhirHttp fhir, String patientReference, int client,
            Map<String, String> markerByReference) {
        for (int i = 0; i < 1_000_000; i++) {
            String marker = "kill9-" + client + "-" + i;
            try {
                HttpResponse<String> response = fhir.create("Observation",
                        FhirHttp.observationJson(patientReference, marker));
                if (response.statusCode() == 201) {
                    markerByReference.put(FhirHttp.reference(response), marker);
                }
            } catch (IOException e) {
                return; // killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
