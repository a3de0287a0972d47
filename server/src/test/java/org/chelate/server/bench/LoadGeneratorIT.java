package org.chelate.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chelate.server.testing.FhirHttp;
import org.chelate.server.testing.ServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of the benchmark's load generator in the default build: it drives the real jar correctly. */
class LoadGeneratorIT {

    @TempDir
    Path dataDir;

    @Test
    void createsAndSearchesAreCountedAndServed() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            LoadGenerator load = new LoadGenerator(server.fhirBase());
            LoadGenerator.Run patients = load.create("Patient", i -> FhirHttp.patientJson("Smoke" + i), 3, 2,
                    Duration.ofMinutes(1));
            assertEquals(Map.of(201, 3), patients.statuses());
            List<String> refs = patients.locations().stream()
                    .map(location -> location.replaceAll(".*/fhir/(Patient/[^/]+).*", "$1")).toList();

            LoadGenerator.Run creates = load.create("Observation",
                    i -> FhirHttp.observationJson(refs.get(i % 3), "smoke-" + i), 60, 4, Duration.ofMinutes(1));
            assertEquals(Map.of(201, 60), creates.statuses());
            assertEquals(60, creates.latencyMicros().getTotalCount());
            assertEquals(60, creates.locations().size());
            assertTrue(creates.perSecond() > 0);

            LoadGenerator.Run searches = load.get(i -> "Observation?patient=" + refs.get(i % 3), 30, 4,
                    Duration.ofMinutes(1));
            assertEquals(Map.of(200, 30), searches.statuses());
            assertTrue(new FhirHttp(server.fhirBase()).get("Observation?patient=" + refs.get(0)).body()
                    .contains("\"total\":20"), "60 observations over 3 patients");
        }
    }

    @Test
    void aCountBoundsTheRunEvenWithTimeLeft() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            LoadGenerator.Run run = new LoadGenerator(server.fhirBase()).get(i -> "metadata", 7, 3,
                    Duration.ofMinutes(1));
            assertEquals(7, run.requests());
        }
    }

    @Test
    void onlyLoopbackIsATarget() {
        assertThrows(IllegalArgumentException.class, () -> new LoadGenerator(URI.create("http://192.0.2.1:8080/fhir")));
    }
}
