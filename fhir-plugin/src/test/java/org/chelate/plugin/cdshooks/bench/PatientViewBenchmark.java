package org.chelate.plugin.cdshooks.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chelate.plugin.cdshooks.CdsHooksConfig;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.plugin.cdshooks.InMemoryFeedbackStore;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A patient-view call with a prefetch of 20 MedicationStatements and 500 Observations (and a lighter 5 + 20), against
 * parsing the same prefetch JSON alone with HAPI, and against reading the request into a JSON tree alone. Run: see
 * docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PatientViewBenchmark {

    /** statements x observations: the large record, and a lighter, typical one. */
    @Param({"20x500", "5x20"})
    public String record;

    private CdsHooksService service;
    private byte[] request;
    private List<String> prefetch;
    private FhirContext fhir;

    @Setup
    public void setUp() {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                BenchmarkData.TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        // a generous budget: the benchmark measures the whole work, not the cut-off
        service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock).withBudget(Duration.ofSeconds(30)), new InMemoryFeedbackStore());
        int statements = Integer.parseInt(record.substring(0, record.indexOf('x')));
        int observations = Integer.parseInt(record.substring(record.indexOf('x') + 1));
        request = BenchmarkData.patientViewRequest(statements, observations).getBytes(StandardCharsets.UTF_8);
        prefetch = BenchmarkData.prefetchResources(statements, observations);
        fhir = FhirContext.forR4Cached();
        ObjectNode check = service.invoke("chelate-patient-view", service.parse(request));
        if (check.get("cards").isEmpty()) {
            throw new IllegalStateException("the benchmark patient should produce cards");
        }
    }

    @Benchmark
    public ObjectNode wholeCall() {
        return service.invoke("chelate-patient-view", service.parse(request));
    }

    /** The floor under any reading of the call: the request JSON into a Jackson tree, nothing built from it. */
    @Benchmark
    public Object requestTreeOnly() {
        return service.parse(request);
    }

    @Benchmark
    public void parseOnly(Blackhole bh) {
        IParser parser = fhir.newJsonParser();
        for (String resource : prefetch) {
            bh.consume(parser.parseResource(resource));
        }
    }
}
