package org.chelate.server.hostile.cds;

import static org.chelate.server.hostile.cds.HookCalls.JSON;
import static org.chelate.server.hostile.cds.HookCalls.bundle;
import static org.chelate.server.hostile.cds.HookCalls.card;
import static org.chelate.server.hostile.cds.HookCalls.cards;
import static org.chelate.server.hostile.cds.HookCalls.emptyPrefetch;
import static org.chelate.server.hostile.cds.HookCalls.patientView;
import static org.chelate.server.hostile.cds.HookCalls.post;
import static org.chelate.server.hostile.cds.HookCalls.service;
import static org.chelate.server.hostile.cds.HookCalls.zinc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.server.ChelateServer;
import org.chelate.server.cds.JdbcFeedbackStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback is taken only from the EHR that received the card, at the service that issued it, as CDS Hooks 2.0 has it. */
class FeedbackBindingTest {

    private static final String PV = "chelate-patient-view";
    private static final String OS = "chelate-order-sign";

    @TempDir
    Path dir;

    private final SecuredCds cds = new SecuredCds();

    @Test
    void feedbackFromAnotherEhrOrToAnotherServiceIsRefusedAndAcceptedNeedsItsSuggestions() throws Exception {
        try (ChelateServer server = cds.start(dir, null)) {
            Map<String, String> prefetch = new java.util.LinkedHashMap<>(emptyPrefetch("p1"));
            prefetch.put("medicationStatements", bundle(zinc("zn", "p1")));
            JsonNode ul = null;
            for (int call = 0; ul == null && call < 5; call++) { // the first calls of a busy JVM may hit the budget
                JsonNode cards = cards(post(service(server, PV), patientView("p1", prefetch, null, null),
                        cds.token(SecuredCds.EHR_A, "/cds-services/" + PV)));
                ul = card(cards, "upper-limit");
            }
            String uuid = ul.get("uuid").asText();
            String overridden = "{\"feedback\":[{\"card\":\"" + uuid + "\",\"outcome\":\"overridden\","
                    + "\"outcomeTimestamp\":\"2026-12-03T10:00:00Z\"}]}";

            HttpResponse<String> otherEhr = feedback(server, PV, SecuredCds.EHR_B, overridden);
            assertJsonError(otherEhr, 403, "not issued by service");

            HttpResponse<String> otherService = feedback(server, OS, SecuredCds.EHR_A, overridden);
            assertJsonError(otherService, 403, "not issued by service");

            HttpResponse<String> acceptedAlone = feedback(server, PV, SecuredCds.EHR_A, "{\"feedback\":[{\"card\":\""
                    + uuid + "\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2026-12-03T10:00:00Z\"}]}");
            assertJsonError(acceptedAlone, 400, "acceptedSuggestions");

            List<FeedbackCount> none = new JdbcFeedbackStore(server.database().dataSource(),
                    java.time.Clock.systemUTC()).counts();
            assertEquals(List.of(), none, "nothing refused is counted");

            HttpResponse<String> own = feedback(server, PV, SecuredCds.EHR_A, overridden);
            assertEquals(200, own.statusCode(), own.body());
            assertEquals(List.of(new FeedbackCount("upper-limit", "overridden", 1)),
                    new JdbcFeedbackStore(server.database().dataSource(), java.time.Clock.systemUTC()).counts());
        }
    }

    private HttpResponse<String> feedback(ChelateServer server, String service, String issuer, String body)
            throws Exception {
        String path = "/cds-services/" + service + "/feedback";
        return post(URI.create(server.baseUri() + path), body, cds.token(issuer, path));
    }

    private static void assertJsonError(HttpResponse<String> response, int status, String says) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode error = JSON.readTree(response.body());
        assertEquals(status, error.get("status").asInt());
        assertTrue(error.get("error").asText().contains(says), response.body());
    }
}
