package org.chelate.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.chelate.server.config.ServerOptions;

/**
 * The build's training run for Java's class-data sharing: {@code java -XX:ArchiveClassesAtExit=chelate.jsa -cp
 * chelate-server.jar org.chelate.server.ClassArchiveTraining} starts the server on a free loopback port and a new H2 file,
 * sends the requests a start is judged by (metadata, health, a create, a read, a search), stops and exits, and the JVM
 * writes the classes it loaded into the archive. {@code java -XX:SharedArchiveFile=chelate.jsa -jar ...} then maps
 * them instead of loading some 9,000 classes from the jar one by one, which is most of a cold start on two cores.
 * A failed request fails the build: an archive trained on an error path would be of little use.
 */
public final class ClassArchiveTraining {

    private ClassArchiveTraining() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("chelate-class-archive-training");
        ServerOptions.Parsed parsed = ServerOptions.parse(
                new String[] {"--port", "0", "--data-dir", dataDir.toString()}, Map.of());
        try (ChelateServer server = ChelateServer.start(parsed.config())) {
            String fhir = server.fhirBase().toString();
            HttpClient http = HttpClient.newHttpClient();
            expect(http, get(fhir + "/metadata"), 200);
            expect(http, get(fhir.replaceFirst("/fhir$", "") + "/health"), 200);
            expect(http, HttpRequest.newBuilder(URI.create(fhir + "/Patient/training"))
                    .header("Content-Type", "application/fhir+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\",\"id\":\"training\"}"))
                    .build(), 201);
            expect(http, HttpRequest.newBuilder(URI.create(fhir + "/Observation"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Observation\",\"status\":\"final\","
                            + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"19123-9\"}]},"
                            + "\"subject\":{\"reference\":\"Patient/training\"},"
                            + "\"valueQuantity\":{\"value\":2.0,\"unit\":\"mg/dL\",\"system\":\"http://unitsofmeasure.org\","
                            + "\"code\":\"mg/dL\"}}"))
                    .build(), 201);
            expect(http, get(fhir + "/Patient/training"), 200);
            expect(http, get(fhir + "/Observation?patient=Patient/training"), 200);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        System.exit(0);
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json").GET().build();
    }

    private static void expect(HttpClient http, HttpRequest request, int status) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != status) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
    }
}
