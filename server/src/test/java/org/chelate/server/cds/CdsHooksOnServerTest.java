package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /cds-services on the real server (free port, H2 file store), over HTTP. */
class CdsHooksOnServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private HttpResponse<String> post(URI uri, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void discoveryInvocationErrorsAndFeedbackAreServed() throws Exception {
        try (ChelateServer server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            URI cds = server.baseUri().resolve("/cds-services");
            HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(cds).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, discovery.statusCode(), discovery.body());
            JsonNode services = JSON.readTree(discovery.body()).get("services");
            assertEquals(3, services.size());

            HttpResponse<String> unknown = post(server.baseUri().resolve("/cds-services/nope"), "{}");
            assertEquals(404, unknown.statusCode());
            HttpResponse<String> malformed = post(server.baseUri().resolve("/cds-services/chelate-patient-view"), "{");
            assertEquals(400, malformed.statusCode());
            assertTrue(JSON.readTree(malformed.body()).get("error").asText().contains("malformed JSON"));

            HttpResponse<String> feedback = post(server.baseUri().resolve("/cds-services/chelate-patient-view/feedback"),
                    "{\"feedback\":[{\"card\":\"3b1f2b8e-33a1-4d0e-9a0e-7d1c2f6a5b10\",\"outcome\":\"accepted\","
                            + "\"outcomeTimestamp\":\"2026-11-25T12:00:00Z\"}]}");
            // a card this server never issued (or no longer remembers): a JSON 404, and nothing is counted
            assertEquals(404, feedback.statusCode(), feedback.body());
            assertEquals(404, JSON.readTree(feedback.body()).get("status").asInt());
            assertTrue(JSON.readTree(feedback.body()).get("error").asText().contains("not a card this service remembers"));
            assertEquals(List.of(), new JdbcFeedbackStore(server.database().dataSource(), Clock.systemUTC()).counts());
        }
    }
}
