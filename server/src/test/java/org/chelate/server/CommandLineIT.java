package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.chelate.server.testing.ServerProcess;
import org.chelate.server.testing.ServerProcess.Finished;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar chelate-server.jar} as a user runs it: exit codes, messages, the start line, env variables. */
class CommandLineIT {

    private static final Duration SHORT_RUN = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    private static Finished run(Map<String, String> env, String... args) throws Exception {
        return ServerProcess.run(List.of(args), env, SHORT_RUN);
    }

    private static void assertNoStackTrace(Finished finished) {
        String all = finished.stdout() + finished.stderr();
        assertFalse(all.contains("\tat "), "no stack trace expected:\n" + all);
        assertFalse(all.contains("Exception"), "no exception names expected:\n" + all);
    }

    @Test
    void helpPrintsTheOptionsAndExitsZero() throws Exception {
        Finished help = run(Map.of(), "--help");
        assertEquals(0, help.exitCode(), help.stderr());
        for (String option : List.of("--host", "--port", "--data-dir", "--db-url", "--db-user", "--db-password")) {
            assertTrue(help.stdout().contains(option), help.stdout());
        }
    }

    @Test
    void theBuildsClassArchiveMapsIntoTheJarsJvm() throws Exception {
        Path archive = ServerProcess.jar().resolveSibling("chelate.jsa");
        assertTrue(Files.isRegularFile(archive), "the package phase writes " + archive);
        // -Xshare:on makes an archive the JVM cannot use (another jar, another JDK) an error instead of a warning
        Finished help = ServerProcess.run(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive),
                List.of("--help"), Map.of(), SHORT_RUN);
        assertEquals(0, help.exitCode(), help.stdout() + help.stderr());
        assertTrue(help.stdout().contains("--data-dir"), help.stdout());
    }

    @Test
    void anUnknownOptionExitsTwoWithAMessageOnStderr() throws Exception {
        Finished bad = run(Map.of(), "--no-such-option");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--no-such-option"), bad.stderr());
        assertNoStackTrace(bad);
    }

    @Test
    void aBadPortValueExitsTwo() throws Exception {
        Finished bad = run(Map.of(), "--port", "eighty");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--port"), bad.stderr());
        assertNoStackTrace(bad);
    }

    @Test
    void aBadIssuedCardRetentionExitsTwo() throws Exception {
        Finished bad = run(Map.of(), "--cds-card-retention-max", "0");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("--cds-card-retention-max must be at least 1, got 0"), bad.stderr());
        assertNoStackTrace(bad);
    }

    @Test
    void aBadValueInTheEnvironmentExitsTwoNamingTheVariable() throws Exception {
        Finished bad = run(Map.of("CHELATE_PORT", "eighty"));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("CHELATE_PORT"), bad.stderr());
        assertNoStackTrace(bad);
    }

    @Test
    void anUnreachableDatabaseExitsNonZeroWithOneLineNamingTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/chelate";
        Finished failed = run(Map.of("CHELATE_DB_PASSWORD", "secret-pw"), "--port", "0", "--db-url", url,
                "--db-user", "chelate");
        assertTrue(failed.exitCode() != 0);
        List<String> lines = failed.stderr().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(1, lines.size(), failed.stderr());
        assertTrue(lines.get(0).contains(url), lines.get(0));
        assertTrue(lines.get(0).toLowerCase().contains("refused"), lines.get(0));
        assertNoStackTrace(failed);
        assertFalse((failed.stdout() + failed.stderr()).contains("secret-pw"));
    }

    @Test
    void theServerTakesItsSettingsFromTheEnvironmentAndPrintsItsUrl() throws Exception {
        // an env port that is taken must be overridden by --port 0 for the start to succeed
        try (ServerSocket taken = new ServerSocket(0);
                ServerProcess server = startWithEnv(Map.of("CHELATE_PORT", String.valueOf(taken.getLocalPort()),
                        "CHELATE_DATA_DIR", dataDir.toString()))) {
            URI fhir = server.fhirBase();
            assertTrue(fhir.toString().startsWith("http://127.0.0.1:"), fhir.toString());
            assertTrue(server.stdout().contains("store: H2 file " + dataDir.toAbsolutePath()), server.stdout());
            HttpResponse<String> metadata = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(fhir + "/metadata")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metadata.statusCode());
        }
    }

    private ServerProcess startWithEnv(Map<String, String> env) throws Exception {
        return ServerProcess.startWithEnvironment(env, "--port", "0");
    }
}
