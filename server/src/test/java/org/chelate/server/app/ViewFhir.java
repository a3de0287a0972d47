package org.chelate.server.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The FHIR calls the clinician view's tests check the page against, with a bearer token when given one. */
final class ViewFhir {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final String token;

    ViewFhir(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    String raw(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build()).body();
    }

    int status(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build()).statusCode();
    }

    void post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path).header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
    }

    String postJson(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + uri + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    JsonNode summary(String patient, String date) throws IOException, InterruptedException {
        return get("Patient/" + patient + "/$regimen-summary" + (date == null ? "" : "?date=" + date));
    }

    String header(URI uri, String name) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).GET().build()).headers().firstValue(name).orElse("");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + (path.isEmpty() ? "" : "/" + path)))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/fhir+json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The first part (or parameter) named {@code name}, or a missing node. */
    static JsonNode part(JsonNode node, String name) {
        JsonNode list = node.has("part") ? node.path("part") : node.path("parameter");
        for (JsonNode p : list) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static String reference(JsonNode node, String name) {
        return part(node, name).path("valueReference").path("reference").asText();
    }

    /** The summary's {@code mineral} parameter of that mineral. */
    static JsonNode mineral(JsonNode summary, String mineral) {
        for (JsonNode p : summary.path("parameter")) {
            if (p.path("name").asText().equals("mineral") && part(p, "mineral").path("valueCode").asText().equals(mineral)) {
                return p;
            }
        }
        throw new AssertionError("no mineral " + mineral + " in the summary");
    }
}
