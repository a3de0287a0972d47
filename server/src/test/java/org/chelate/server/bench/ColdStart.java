package org.chelate.server.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starts the jar exactly as the README does ({@code java -XX:SharedArchiveFile=chelate.jsa -jar chelate-server.jar},
 * with the class archive the build writes beside the jar; plain {@code java -jar} when there is none) and times the way
 * from launching the process to the first 200 on {@code /fhir/metadata}.
 */
public final class ColdStart implements AutoCloseable {

    private final Process process;
    private final URI fhirBase;
    private final Duration timeToFirst200;

    private ColdStart(Process process, URI fhirBase, Duration timeToFirst200) {
        this.process = process;
        this.fhirBase = fhirBase;
        this.timeToFirst200 = timeToFirst200;
    }

    public static ColdStart launch(Path jar, Path dataDir, Duration limit) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        URI fhirBase = URI.create("http://127.0.0.1:" + port + "/fhir");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(fhirBase + "/metadata"))
                .timeout(Duration.ofSeconds(10)).GET().build();

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path archive = jar.resolveSibling("chelate.jsa");
        if (Files.isRegularFile(archive)) {
            command.add("-XX:SharedArchiveFile=" + archive);
        }
        command.addAll(List.of("-jar", jar.toString(), "--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHELATE_"));
        long launched = System.nanoTime();
        Process process = builder.start();
        long deadline = launched + limit.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (http.send(metadata, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new ColdStart(process, fhirBase, Duration.ofNanos(System.nanoTime() - launched));
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(5);
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("no 200 on " + fhirBase + "/metadata within " + limit);
    }

    public URI fhirBase() {
        return fhirBase;
    }

    /** CPU time the server process has used so far (user + system), where the platform reports it. */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    public Duration timeToFirst200() {
        return timeToFirst200;
    }

    /** SIGTERM and wait: a graceful stop. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
