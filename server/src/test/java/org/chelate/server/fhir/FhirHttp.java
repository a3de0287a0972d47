package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;

/** A small real-HTTP FHIR client for tests: sends JSON, parses the JSON answers with HAPI. */
final class FhirHttp {

    static final FhirContext CONTEXT = FhirContext.forR4Cached();
    static final String JSON = "application/fhir+json";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    FhirHttp(URI fhirBase) {
        this.base = fhirBase;
    }

    record Reply(int status, String body, java.net.http.HttpHeaders headers) {
        <T extends IBaseResource> T as(Class<T> type) {
            return CONTEXT.newJsonParser().parseResource(type, body);
        }

        Bundle bundle() {
            return as(Bundle.class);
        }

        OperationOutcome outcome() {
            return as(OperationOutcome.class);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String diagnostics() {
            return outcome().getIssueFirstRep().getDiagnostics();
        }
    }

    static String json(IBaseResource resource) {
        return CONTEXT.newJsonParser().encodeResourceToString(resource);
    }

    URI uri(String relative) {
        String safe = relative.replace("|", "%7C").replace(" ", "%20");
        if (safe.startsWith("http")) {
            return URI.create(safe);
        }
        return URI.create(base + "/" + safe);
    }

    Reply get(String relative, String... headers) {
        return send(HttpRequest.newBuilder(uri(relative)).GET(), headers);
    }

    Reply delete(String relative) {
        return send(HttpRequest.newBuilder(uri(relative)).DELETE());
    }

    Reply post(String relative, IBaseResource resource, String... headers) {
        return post(relative, json(resource), JSON, headers);
    }

    Reply post(String relative, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(relative))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder, headers);
    }

    Reply put(String relative, IBaseResource resource, String... headers) {
        return put(relative, json(resource), JSON, headers);
    }

    Reply put(String relative, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(relative))
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", contentType);
        return send(builder, headers);
    }

    Reply patch(String relative, String body, String contentType, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(relative))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", contentType);
        return send(builder, headers);
    }

    Reply send(HttpRequest.Builder builder, String... headers) {
        return send(builder, Duration.ofSeconds(30), headers);
    }

    Reply send(HttpRequest.Builder builder, Duration timeout, String... headers) {
        builder.header("Accept", JSON).timeout(timeout);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
