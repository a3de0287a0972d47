package org.chelate.plugin.cdshooks.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.chelate.plugin.cdshooks.CdsHooksConfig;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.plugin.cdshooks.InMemoryFeedbackStore;
import org.chelate.plugin.knowledge.KnowledgePack;

/**
 * CPU time per patient-view call against CPU time per parse-only of the same prefetch, in one JVM, one call at a time:
 * a figure that other processes on a shared machine disturb far less than wall-clock time. Process CPU (all threads:
 * the call's pool thread, GC, JIT) is read before and after each round; the median round is printed.
 * Usage: CpuPerCall [statements=20] [observations=500] [callsPerRound=200] [rounds=9]
 */
public final class CpuPerCall {

    public static void main(String[] args) {
        int statements = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int observations = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int calls = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                BenchmarkData.TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock).withBudget(Duration.ofSeconds(30)), new InMemoryFeedbackStore());
        byte[] request = BenchmarkData.patientViewRequest(statements, observations).getBytes(StandardCharsets.UTF_8);
        List<String> prefetch = BenchmarkData.prefetchResources(statements, observations);
        FhirContext fhir = FhirContext.forR4Cached();
        List<Double> whole = new ArrayList<>();
        List<Double> parse = new ArrayList<>();
        int cards = 0;
        for (int round = -3; round < rounds; round++) { // three warm-up rounds
            long c0 = cpuNanos();
            for (int i = 0; i < calls; i++) {
                cards = service.invoke("chelate-patient-view", service.parse(request)).get("cards").size();
            }
            long c1 = cpuNanos();
            for (int i = 0; i < calls; i++) {
                IParser parser = fhir.newJsonParser();
                for (String resource : prefetch) {
                    parser.parseResource(resource);
                }
            }
            long c2 = cpuNanos();
            if (round >= 0) {
                whole.add((c1 - c0) / 1e6 / calls);
                parse.add((c2 - c1) / 1e6 / calls);
            }
        }
        Collections.sort(whole);
        Collections.sort(parse);
        double w = whole.get(whole.size() / 2);
        double p = parse.get(parse.size() / 2);
        System.out.printf("%d statements + %d observations, %d cards/call, %d rounds x %d calls:%n", statements,
                observations, cards, rounds, calls);
        System.out.printf("  whole call CPU  median %.2f ms/call (min %.2f, max %.2f)%n", w, whole.get(0),
                whole.get(whole.size() - 1));
        System.out.printf("  parse-only CPU  median %.2f ms/call (min %.2f, max %.2f)%n", p, parse.get(0),
                parse.get(parse.size() - 1));
        System.out.printf("  ratio whole/parse-only %.2f; load average %.1f%n", w / p,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.exit(0);
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }
}
