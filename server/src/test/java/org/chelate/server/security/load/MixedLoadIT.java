package org.chelate.server.security.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded load test on loopback: 16 clients for 60 s (system property {@code chelate.load.seconds} shortens it) of
 * mixed reads, searches, creates, CDS Hooks calls (when the server mounts them) and, among all {@value #RACERS} of
 * them, a concurrent {@code If-Match} increment race on one resource. Zero errors (every racer's write is 200 or a
 * 412 it retries), no lost update, heap after GC stable, server healthy after.
 */
class MixedLoadIT {

    private static final int CLIENTS = 16;
    /** Clients that also join the If-Match race: all of them, so up to sixteen writers race for one resource. */
    private static final int RACERS = CLIENTS;
    private static final String COUNTER_URL = "https://chelate.example.org/fhir/StructureDefinition/load-counter";
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    private ChelateServer server;

    @Test
    void sixtySecondsOfMixedTrafficWithoutErrorsOrLostUpdates() throws Exception {
        long seconds = Long.getLong("chelate.load.seconds", 60);
        server = ChelateServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
        try {
            List<String> patients = seedPatients(40);
            put("/fhir/Patient/counter", counterPatient(0));
            boolean hooks = get("/cds-services").statusCode() == 200;

            Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
            List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong increments = new AtomicLong();
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.min(10, seconds / 3));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long[] heapAfterWarmup = {-1};

            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                boolean racer = c < RACERS;
                running.add(clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (System.nanoTime() < end) {
                        int dice = random.nextInt(100);
                        String patient = patients.get(random.nextInt(patients.size()));
                        String kind = dice < 30 ? "read" : dice < 55 ? "search" : dice < 80 ? "create"
                                : dice < 90 || !racer ? (hooks ? "hook" : "read") : "increment";
                        try {
                            int status = switch (kind) {
                                case "read" -> get("/fhir/Patient/" + patient).statusCode();
                                case "search" -> get("/fhir/Observation?subject=Patient/" + patient + "&_count=20")
                                        .statusCode();
                                case "create" -> post("/fhir/Observation", "application/fhir+json",
                                        PARSER.encodeResourceToString(observation(patient, random.nextInt(1, 11))))
                                        .statusCode();
                                case "hook" -> post("/cds-services/chelate-patient-view", "application/json",
                                        hookRequest(patient)).statusCode();
                                default -> increment(increments, end);
                            };
                            if (status >= 300) {
                                errors.add(kind + " -> " + status);
                            }
                            counts.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                        } catch (Exception e) {
                            errors.add(kind + " -> " + e);
                        }
                        if (heapAfterWarmup[0] < 0 && System.nanoTime() > warmupEnd) {
                            synchronized (heapAfterWarmup) {
                                if (heapAfterWarmup[0] < 0) {
                                    heapAfterWarmup[0] = usedHeapAfterGc(memory);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get(seconds + 60, TimeUnit.SECONDS);
            }
            clients.shutdown();
            long heapAtEnd = usedHeapAfterGc(memory);

            long total = counts.values().stream().mapToLong(AtomicLong::get).sum();
            System.out.printf("load: %d s, %d clients, %d requests (%.0f/s) %s; heap after GC %d MB -> %d MB%n",
                    seconds, CLIENTS, total, total / (double) seconds, counts, heapAfterWarmup[0] >> 20, heapAtEnd >> 20);
            assertEquals(List.of(), errors.subList(0, Math.min(20, errors.size())), errors.size() + " errors");
            assertEquals(increments.get(), counterValue(), "every acknowledged If-Match update is in the resource");
            assertTrue(heapAtEnd <= heapAfterWarmup[0] * 2 + (64L << 20),
                    "heap after GC grew from " + (heapAfterWarmup[0] >> 20) + " MB to " + (heapAtEnd >> 20) + " MB");
            assertEquals(200, get("/health").statusCode());
        } finally {
            server.close();
        }
    }

    /**
     * Read the counter, write value+1 with If-Match on the version read; retry on 412 (someone else won) until the
     * run ends, when giving up is not an error.
     */
    private int increment(AtomicLong increments, long end) throws Exception {
        while (System.nanoTime() < end) {
            HttpResponse<String> read = get("/fhir/Patient/counter");
            if (read.statusCode() != 200) {
                return read.statusCode();
            }
            Patient current = PARSER.parseResource(Patient.class, read.body());
            int value = ((IntegerType) current.getExtensionByUrl(COUNTER_URL).getValue()).getValue();
            HttpResponse<String> written = send(HttpRequest.newBuilder(uri("/fhir/Patient/counter"))
                    .PUT(HttpRequest.BodyPublishers.ofString(counterPatient(value + 1)))
                    .header("Content-Type", "application/fhir+json")
                    .header("If-Match", "W/\"" + current.getMeta().getVersionId() + "\""));
            if (written.statusCode() == 412) {
                // someone else won: back off a little, as a polite client does, then read again
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 25));
                continue;
            }
            if (written.statusCode() == 200) {
                increments.incrementAndGet();
            } else {
                System.out.println("increment -> " + written.statusCode() + " " + written.body());
            }
            return written.statusCode();
        }
        return 0; // the run ended while others kept winning the race: nothing written, nothing lost
    }

    private long counterValue() throws Exception {
        Patient counter = PARSER.parseResource(Patient.class, get("/fhir/Patient/counter").body());
        return ((IntegerType) counter.getExtensionByUrl(COUNTER_URL).getValue()).getValue();
    }

    private List<String> seedPatients(int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Patient patient = new Patient();
            patient.setId("load-" + i);
            patient.setGender(i % 2 == 0 ? org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.FEMALE
                    : org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
            patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-01-01"));
            assertTrue(put("/fhir/Patient/load-" + i, PARSER.encodeResourceToString(patient)).statusCode() < 300);
            ids.add("load-" + i);
        }
        return ids;
    }

    private static String counterPatient(int value) {
        Patient patient = new Patient();
        patient.setId("counter");
        patient.addExtension(COUNTER_URL, new IntegerType(value));
        return PARSER.encodeResourceToString(patient);
    }

    private static Observation observation(String patient, int score) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("72514-3");
        observation.setSubject(new Reference("Patient/" + patient));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2024-05-01"));
        observation.setValue(new org.hl7.fhir.r4.model.Quantity(score));
        return observation;
    }

    private static String hookRequest(String patient) {
        return "{\"hook\":\"patient-view\",\"hookInstance\":\"" + java.util.UUID.randomUUID() + "\","
                + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"" + patient + "\"},\"prefetch\":{"
                + "\"patient\":{\"resourceType\":\"Patient\",\"id\":\"" + patient + "\",\"gender\":\"female\","
                + "\"birthDate\":\"1970-01-01\"},"
                + "\"medicationStatements\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"},"
                + "\"medicationRequests\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"},"
                + "\"observations\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"},"
                + "\"conditions\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}}}";
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", contentType));
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/fhir+json"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }
}
