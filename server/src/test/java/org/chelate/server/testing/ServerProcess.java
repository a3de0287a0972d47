package org.chelate.server.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code chelate-server.jar} running as a child process, as a user starts it. Failsafe passes the jar's path
 * in the system property {@code chelate.jar}; outside Maven it falls back to {@code target/chelate-server.jar}.
 */
public final class ServerProcess implements AutoCloseable {

    public static final Pattern READY_LINE = Pattern.compile("Chelate ready at (http://\\S+/fhir)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Output stdout;
    private final Output stderr;
    private final URI fhirBase;

    private ServerProcess(Process process, Output stdout, Output stderr, URI fhirBase) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.fhirBase = fhirBase;
    }

    public static Path jar() {
        Path jar = Path.of(System.getProperty("chelate.jar", "target/chelate-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run the integration tests through "
                    + "'mvn verify', which builds the shaded jar first");
        }
        return jar;
    }

    /** Starts the jar with {@code --port 0 --data-dir dataDir} plus the given arguments and waits for its ready line. */
    public static ServerProcess start(Path dataDir, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        return startWithEnvironment(Map.of(), all.toArray(String[]::new));
    }

    /** Starts the jar with exactly these arguments and CHELATE_* variables, and waits for its ready line. */
    public static ServerProcess startWithEnvironment(Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Output stdout = Output.toTempFile("stdout");
        Output stderr = Output.toTempFile("stderr");
        Process process = launch(List.of(), List.of(args), environment, stdout, stderr);
        try {
            Matcher ready = stdout.await(READY_LINE, process, START_TIMEOUT);
            return new ServerProcess(process, stdout, stderr, URI.create(ready.group(1)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("server did not start: " + e.getMessage()
                    + "\nstdout:\n" + stdout.text() + "\nstderr:\n" + stderr.text(), e);
        }
    }

    /** Runs the jar to its end (bad options, --help, a failed start). */
    public static Finished run(List<String> args, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        return run(List.of(), args, environment, timeout);
    }

    /** Runs the jar to its end with these JVM options before {@code -jar}. */
    public static Finished run(List<String> jvmOptions, List<String> args, Map<String, String> environment,
            Duration timeout) throws IOException, InterruptedException {
        Output stdout = Output.toTempFile("stdout");
        Output stderr = Output.toTempFile("stderr");
        Process process = launch(jvmOptions, args, environment, stdout, stderr);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("still running after " + timeout + ": " + args + "\n" + stdout.text());
        }
        return new Finished(process.exitValue(), stdout.finish(), stderr.finish());
    }

    private static Process launch(List<String> jvmOptions, List<String> args, Map<String, String> environment,
            Output stdout, Output stderr) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("CHELATE_"));
        builder.environment().putAll(environment);
        builder.redirectOutput(stdout.file.toFile());
        builder.redirectError(stderr.file.toFile());
        return builder.start();
    }

    public URI fhirBase() {
        return fhirBase;
    }

    /** e.g. http://127.0.0.1:41234 */
    public URI baseUri() {
        return fhirBase.resolve("/");
    }

    public long pid() {
        return process.pid();
    }

    public String stdout() {
        return stdout.text();
    }

    public String stderr() {
        return stderr.text();
    }

    /** SIGTERM, as a service manager stops it; waits for the exit and returns its code. */
    public int terminate(Duration timeout) throws InterruptedException {
        sendSigterm();
        return awaitExit(timeout);
    }

    /** SIGTERM without waiting. */
    public void sendSigterm() {
        process.destroy();
    }

    /** SIGKILL: no shutdown hook runs. */
    public int kill(Duration timeout) throws InterruptedException {
        process.destroyForcibly();
        return awaitExit(timeout);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end and returns its exit code; fails (and kills it) after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("server did not exit within " + timeout + "\n" + stdout.text());
        }
        stdout.finish();
        stderr.finish();
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** How a run ended: exit code and everything printed. */
    public record Finished(int exitCode, String stdout, String stderr) {
    }

    /**
     * A child's stdout or stderr, written to a file: reading a pipe races with the JDK's own drain at process exit
     * and can lose the last lines (e.g. the shutdown log).
     */
    private static final class Output {
        private final Path file;

        private Output(Path file) {
            this.file = file;
        }

        static Output toTempFile(String name) throws IOException {
            Path file = Files.createTempFile("chelate-" + name + "-", ".log");
            file.toFile().deleteOnExit();
            return new Output(file);
        }

        String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "[cannot read " + file + ": " + e + "]";
            }
        }

        String finish() {
            return text();
        }

        Matcher await(Pattern pattern, Process process, Duration timeout) throws InterruptedException, IOException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher matcher = pattern.matcher(text());
                if (matcher.find()) {
                    return matcher;
                }
                if (!process.isAlive()) {
                    throw new IOException("exited with " + process.exitValue() + " before printing " + pattern);
                }
                Thread.sleep(50);
            }
            throw new IOException(new TimeoutException("no " + pattern + " within " + timeout));
        }
    }
}
