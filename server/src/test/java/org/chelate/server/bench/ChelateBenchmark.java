package org.chelate.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.chelate.server.testing.FhirHttp;
import org.chelate.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers of docs/benchmarks.md. Not part of the default test run: {@code mvn -B verify -pl server -Pbenchmark}
 * (sizes can be changed with -Dbench.observations=..., -Dbench.searches=..., -Dbench.clients=...).
 * Writes target/benchmark-results.md. It asserts only that the load was served correctly, never a speed.
 */
class ChelateBenchmark {

    private static final int COLD_STARTS = Integer.getInteger("bench.coldStarts", 5);
    private static final int PATIENTS = Integer.getInteger("bench.patients", 100);
    private static final int WARMUP = Integer.getInteger("bench.warmup", 1_000);
    private static final int OBSERVATIONS = Integer.getInteger("bench.observations", 10_000);
    private static final int SEARCHES = Integer.getInteger("bench.searches", 5_000);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final Duration RUN_LIMIT = Duration.ofMinutes(10);

    private static final String LOAD_BEFORE = loadAverage();

    @TempDir
    Path work;

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Test
    void measure() throws Exception {
        List<String> report = new ArrayList<>();
        report.add("| measurement | result |");
        report.add("| --- | --- |");

        List<Duration> starts = new ArrayList<>();
        for (int i = 1; i < COLD_STARTS; i++) {
            try (ColdStart start = ColdStart.launch(ServerProcess.jar(), work.resolve("cold" + i), Duration.ofMinutes(2))) {
                starts.add(start.timeToFirst200());
            }
        }
        try (ColdStart server = ColdStart.launch(ServerProcess.jar(), work.resolve("load"), Duration.ofMinutes(2))) {
            starts.add(server.timeToFirst200());
            List<Long> millis = starts.stream().map(Duration::toMillis).sorted().toList();
            report.add(row("cold start to first 200 on /fhir/metadata (" + millis.size() + " runs, fresh data dir)",
                    "median %d ms, min %d ms, max %d ms", millis.get(millis.size() / 2), millis.get(0),
                    millis.get(millis.size() - 1)));

            LoadGenerator load = new LoadGenerator(server.fhirBase());
            LoadGenerator.Run patients = load.create("Patient", i -> FhirHttp.patientJson("Bench" + i), PATIENTS, 1,
                    RUN_LIMIT);
            assertEquals(PATIENTS, patients.count(201), "patients: " + patients.statuses());
            List<String> patientRefs = patients.locations().stream().map(ChelateBenchmark::reference).toList();

            LoadGenerator.Run warmup = load.create("Observation",
                    i -> FhirHttp.observationJson(patientRefs.get(i % PATIENTS), "warm-" + i), WARMUP, CLIENTS,
                    RUN_LIMIT);
            assertEquals(WARMUP, warmup.count(201), "warm-up: " + warmup.statuses());

            Duration cpuBeforeCreates = server.cpuTime();
            LoadGenerator.Run creates = load.create("Observation",
                    i -> FhirHttp.observationJson(patientRefs.get(i % PATIENTS), "obs-" + i), OBSERVATIONS, CLIENTS,
                    RUN_LIMIT);
            assertEquals(OBSERVATIONS, creates.count(201), "creates: " + creates.statuses() + ", " + creates.failures()
                    + " failures");
            double createCpuMillis = cpuMillisPerRequest(cpuBeforeCreates, server.cpuTime(), OBSERVATIONS);
            report.add(row("creates, " + OBSERVATIONS + " Observations, " + CLIENTS + " clients (after " + WARMUP
                    + " warm-up)", "%.0f creates/s (%.1f s); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                    + "server CPU %.2f ms per create", creates.perSecond(), creates.elapsed().toMillis() / 1000.0,
                    creates.millisAt(50), creates.millisAt(99), creates.latencyMicros().getMaxValue() / 1000.0,
                    createCpuMillis));

            int perPatient = (WARMUP + OBSERVATIONS) / PATIENTS;
            String firstSearch = new FhirHttp(server.fhirBase()).get("Observation?patient=" + patientRefs.get(0)).body();
            if (!firstSearch.contains("\"total\":" + perPatient)) {
                throw new AssertionError("search by patient should find " + perPatient + ": " + firstSearch.substring(0,
                        Math.min(400, firstSearch.length())));
            }
            load.get(i -> "Observation?patient=" + patientRefs.get(i % PATIENTS), SEARCHES / 10, CLIENTS, RUN_LIMIT);
            Duration cpuBeforeSearches = server.cpuTime();
            LoadGenerator.Run searches = load.get(i -> "Observation?patient=" + patientRefs.get(i % PATIENTS),
                    SEARCHES, CLIENTS, RUN_LIMIT);
            assertEquals(SEARCHES, searches.count(200), "searches: " + searches.statuses());
            double searchCpuMillis = cpuMillisPerRequest(cpuBeforeSearches, server.cpuTime(), SEARCHES);
            report.add(row("search Observation?patient=…, " + SEARCHES + " searches, " + CLIENTS + " clients ("
                    + perPatient + " matches each, first page of 20)",
                    "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; %.0f searches/s; server CPU %.2f ms per "
                    + "search", searches.millisAt(50), searches.millisAt(99), searches.millisAt(99.9),
                    searches.latencyMicros().getMaxValue() / 1000.0, searches.perSecond(), searchCpuMillis));
        }

        report.add("");
        report.add("Client JVM: " + ManagementFactory.getRuntimeMXBean().getVmName() + " "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                + " processors; server: `java -XX:SharedArchiveFile=chelate.jsa -jar chelate-server.jar` as the README (the archive when the build wrote one); client and server share the "
                + "machine. Load average before/after: " + LOAD_BEFORE + " / " + loadAverage() + ".");
        String text = String.join("\n", report) + "\n";
        System.out.println(text);
        Path results = Path.of(System.getProperty("chelate.jar", "target/x")).resolveSibling("benchmark-results.md");
        Files.writeString(results, text);
    }

    /** Server CPU per request: unlike latency, barely moved by other work on a shared machine. */
    private static double cpuMillisPerRequest(Duration before, Duration after, int requests) {
        return after.minus(before).toNanos() / 1e6 / requests;
    }

    private static String row(String what, String format, Object... args) {
        return "| " + what + " | " + String.format(Locale.ROOT, format, args) + " |";
    }

    private static String reference(String location) {
        int fhir = location.indexOf("/fhir/");
        String rest = location.substring(fhir + "/fhir/".length());
        int history = rest.indexOf("/_history");
        return history < 0 ? rest : rest.substring(0, history);
    }
}
