package org.chelate.plugin.cdshooks.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the benchmarks' patient-view request (the same JSON {@link CdsHttpLoad} and {@link PatientViewBenchmark}
 * send) to a file, for a load generator outside the JVM ({@code server/bench-wrk/cds.sh}).
 * Arguments: statements, observations, output file.
 */
public final class PatientViewRequestFile {

    private PatientViewRequestFile() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PatientViewRequestFile STATEMENTS OBSERVATIONS FILE");
            System.exit(2);
        }
        Files.writeString(Path.of(args[2]),
                BenchmarkData.patientViewRequest(Integer.parseInt(args[0]), Integer.parseInt(args[1])));
    }
}
