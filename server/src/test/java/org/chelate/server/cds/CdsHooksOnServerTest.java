package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.config.ServerOptions;
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
                    "{\"feedback\":[{\"card\":\"3b1f2b8e-33a1-4d0e-9a0e-7d1c2f6a5b10\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"9e2d7c1a-7b51-4c8e-8a57-0f4c3e5d2b11\"}],"
                            + "\"outcomeTimestamp\":\"2026-11-25T12:00:00Z\"}]}");
            // a card this server never issued (or no longer remembers): a JSON 404, and nothing is counted
            assertEquals(404, feedback.statusCode(), feedback.body());
            assertEquals(404, JSON.readTree(feedback.body()).get("status").asInt());
            assertTrue(JSON.readTree(feedback.body()).get("error").asText().contains("not a card this service remembers"));
            assertEquals(List.of(), new JdbcFeedbackStore(server.database().dataSource(), Clock.systemUTC()).counts());
        }
    }

    /** --cds-card-retention-max 3: the server's store forgets all but the three newest cards, and says so in a JSON 404. */
    @Test
    void feedbackOnACardPastTheConfiguredCountIsAJson404() throws Exception {
        ServerConfig config = ServerOptions.parse(new String[] {"--port", "0", "--data-dir", dataDir.toString(),
                "--cds-card-retention-max", "3"}, Map.of()).config();
        try (ChelateServer server = ChelateServer.start(config)) {
            URI service = server.baseUri().resolve("/cds-services/chelate-patient-view");
            List<String> first = cardUuids(post(service, CdsRequests.PATIENT_VIEW));
            int issuedSince = 0;
            List<String> latest = List.of();
            for (int call = 0; call < 10 && issuedSince < 3; call++) {
                latest = cardUuids(post(service, CdsRequests.PATIENT_VIEW));
                issuedSince += latest.size();
            }
            assertTrue(issuedSince >= 3, "three newer cards were issued");
            server.cdsFeedbackStore().lastPrune().get(60, TimeUnit.SECONDS); // a hang guard, not a speed check

            URI feedbackUri = server.baseUri().resolve("/cds-services/chelate-patient-view/feedback");
            HttpResponse<String> evicted = post(feedbackUri, feedback(first.get(0)));
            assertEquals(404, evicted.statusCode(), evicted.body());
            assertTrue(evicted.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode error = JSON.readTree(evicted.body());
            assertEquals(404, error.get("status").asInt());
            assertTrue(error.get("error").asText().contains("at most the 3 newest"), error.toString());

            HttpResponse<String> kept = post(feedbackUri, feedback(latest.get(latest.size() - 1)));
            assertEquals(200, kept.statusCode(), kept.body());
            assertEquals(200, post(feedbackUri, feedback(latest.get(latest.size() - 1))).statusCode(),
                    "a repeat is accepted");
            assertEquals(1, server.cdsFeedbackStore().counts().stream().mapToLong(FeedbackCount::count).sum(),
                    "and counted once");
        }
    }


    private static List<String> cardUuids(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        List<String> uuids = new ArrayList<>();
        JSON.readTree(response.body()).get("cards").forEach(card -> uuids.add(card.get("uuid").asText()));
        assertFalse(uuids.isEmpty(), response.body());
        return uuids;
    }

    private static String feedback(String cardUuid) {
        return "{\"feedback\":[{\"card\":\"" + cardUuid + "\",\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"9e2d7c1a-7b51-4c8e-8a57-0f4c3e5d2b11\"}],"
                + "\"outcomeTimestamp\":\"2026-11-25T12:00:00Z\"}]}";
    }
}
