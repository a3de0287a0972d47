package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.OutboundFetchPolicy;
import org.chelate.plugin.knowledge.KnowledgePackException;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mount on a real Jetty with a real H2 file store: a hook call, then feedback counted in the database. */
class CdsHooksMountTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void badKnowledgePackStopsWithTheEntryNamed() throws Exception {
        Path bad = dir.resolve("pack.json");
        String shipped;
        try (var in = KnowledgePackException.class.getResourceAsStream("default-pack.json")) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(bad, shipped.replace("\"mg\": 110,", "\"mg\": -110,"));
        KnowledgePackException e = assertThrows(KnowledgePackException.class, () -> CdsHooksMount.knowledge(bad));
        assertTrue(e.getMessage().contains("mg-ul-4-8y"), e.getMessage());
        org.chelate.server.StartupException start = assertThrows(org.chelate.server.StartupException.class,
                () -> CdsHooksMount.knowledgeOrFail(bad));
        assertTrue(start.getMessage().contains("limit 'mg-ul-4-8y' has a negative"), start.getMessage());
    }

    @Test
    void hookCallAndFeedbackGoThroughTheStore() throws Exception {
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler("/");
            var service = CdsHooksMount.mount(context, db.dataSource(), CdsHooksMount.knowledge(null),
                    OutboundFetchPolicy.none(), java.time.Duration.ofSeconds(10)); // no assertion on speed
            jetty.setHandler(context);
            jetty.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/cds-services");
                HttpResponse<String> discovery = http.send(HttpRequest.newBuilder(base).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, discovery.statusCode());
                assertEquals(3, JSON.readTree(discovery.body()).get("services").size());

                String body = CdsRequests.PATIENT_VIEW;
                HttpResponse<String> call = http.send(HttpRequest.newBuilder(base.resolve("cds-services/chelate-patient-view"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, call.statusCode(), call.body());
                JsonNode card = JSON.readTree(call.body()).get("cards").get(0);
                assertTrue(card != null, call.body());
                assertEquals("upper-limit", card.get("source").get("topic").get("code").asText());
                assertEquals("warning", card.get("indicator").asText(), "500 mg/day: above the 350 mg UL, below 2x");

                String feedback = "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText() + "\","
                        + "\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2026-11-25T12:00:00Z\","
                        + "\"overrideReason\":{\"reason\":" + card.get("overrideReasons").get(0) + "}}]}";
                HttpResponse<String> fb = http.send(HttpRequest.newBuilder(
                                base.resolve("cds-services/chelate-patient-view/feedback"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(feedback))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, fb.statusCode(), fb.body());
                assertEquals(List.of(new FeedbackCount("upper-limit", "overridden", 1)),
                        new JdbcFeedbackStore(db.dataSource(), java.time.Clock.systemUTC()).counts());
                assertEquals(service.feedbackStore().counts(), new JdbcFeedbackStore(db.dataSource(),
                        java.time.Clock.systemUTC()).counts());
            } finally {
                jetty.stop();
            }
        }
    }
}
