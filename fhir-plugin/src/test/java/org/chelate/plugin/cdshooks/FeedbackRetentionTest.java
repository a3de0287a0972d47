package org.chelate.plugin.cdshooks;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.chelate.plugin.guidance.Fhir;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.Test;

/** Issued cards are remembered within a bound (count and age); feedback on a forgotten card is a JSON 404. */
class FeedbackRetentionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PV = "chelate-patient-view";

    @Test
    void feedbackOnACardPastTheCountBoundIsAJson404AndTheNewestStillCount() throws Exception {
        MovableClock clock = new MovableClock(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        InMemoryFeedbackStore store = new InMemoryFeedbackStore(new IssuedCardRetention(Duration.ofDays(7), 2), clock.clock);
        // a budget far above a call's cost on a loaded machine, and a warm-up: the cards must all arrive
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock.clock).withBudget(Duration.ofSeconds(30)), store);
        service.warmUp();
        try (JettyHarness cds = new JettyHarness(new CdsHooksServlet(service), "/cds-services/*")) {
            JsonNode cards = call(cds);
            assertTrue(cards.size() >= 3, "the patient gets at least three cards: " + cards);
            assertEquals(2, store.issuedCount(), "only the two newest cards are remembered");

            HttpResponse<String> forgotten = feedback(cds, cards.get(0).get("uuid").asText());
            assertEquals(404, forgotten.statusCode(), forgotten.body());
            assertTrue(forgotten.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode error = HookRequest.JSON.readTree(forgotten.body());
            assertEquals(404, error.get("status").asInt());
            assertTrue(error.get("error").asText().contains("at most the 2 newest"), error.toString());

            String newest = cards.get(cards.size() - 1).get("uuid").asText();
            assertEquals(200, feedback(cds, newest).statusCode());
            assertEquals(1, store.counts().stream().mapToLong(FeedbackCount::count).sum());

            clock.now = clock.now.plus(Duration.ofDays(7)).plusSeconds(1);
            HttpResponse<String> tooOld = feedback(cds, newest);
            assertEquals(404, tooOld.statusCode(), "a week later the card is past the age bound: " + tooOld.body());
            assertTrue(tooOld.body().contains("last 7 days"), tooOld.body());
        }
    }

    @Test
    void repeatedFeedbackOnACardIsAcceptedButCountedOncePerOutcome() throws Exception {
        MovableClock clock = new MovableClock(TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC));
        InMemoryFeedbackStore store = new InMemoryFeedbackStore(IssuedCardRetention.DEFAULT, clock.clock);
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock.clock).withBudget(Duration.ofSeconds(30)), store);
        service.warmUp();
        try (JettyHarness cds = new JettyHarness(new CdsHooksServlet(service), "/cds-services/*")) {
            JsonNode cards = call(cds);
            String first = cards.get(0).get("uuid").asText();
            String type = cards.get(0).get("source").get("topic").get("code").asText();
            for (int i = 0; i < 3; i++) {
                assertEquals(200, feedback(cds, first).statusCode(), "a repeat is not an error");
            }
            assertEquals(List.of(new FeedbackCount(type, "accepted", 1)), store.counts());

            ObjectNode batch = HookRequest.JSON.createObjectNode();
            var items = batch.putArray("feedback");
            String second = cards.get(1).get("uuid").asText();
            for (int i = 0; i < 2; i++) {
                items.addObject().put("card", second).put("outcome", "overridden")
                        .put("outcomeTimestamp", "2026-11-25T12:02:00Z");
            }
            items.addObject().put("card", first).put("outcome", "overridden")
                    .put("outcomeTimestamp", "2026-11-25T12:03:00Z");
            assertEquals(200, post(cds, batch.toString()).statusCode());
            assertEquals(1 + 2, store.counts().stream().mapToLong(FeedbackCount::count).sum(),
                    "the second card's two reports count once; the first card's override is a new outcome");
            assertEquals(3, store.entries().size());
        }
    }

    @Test
    void inMemoryStoreForgetsCardsPastTheAgeWhenNewOnesAreIssued() {
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        MovableClock clock = new MovableClock(t0);
        InMemoryFeedbackStore store = new InMemoryFeedbackStore(new IssuedCardRetention(Duration.ofHours(1), 100), clock.clock);
        store.cardsIssued(List.of(card("a", t0), card("b", t0.plusSeconds(60))));
        clock.now = t0.plus(Duration.ofMinutes(60)).plusSeconds(30);
        assertTrue(store.issued("a").isEmpty());
        assertTrue(store.issued("b").isPresent());
        assertEquals(2, store.issuedCount(), "nothing is deleted until cards are issued");
        store.cardsIssued(List.of(card("c", clock.now)));
        assertEquals(2, store.issuedCount(), "issuing drops the cards past the age");
    }

    private static IssuedCard card(String uuid, Instant at) {
        return new IssuedCard(uuid, PV, "upper-limit", "warning", at);
    }

    private static JsonNode call(JettyHarness cds) throws Exception {
        HookRequest req = HookRequest.of("patient-view", Fhir.PATIENT_ID)
                .prefetch("patient", patient("1984-05-10", AdministrativeGender.FEMALE))
                .prefetch("medicationStatements", HookRequest.searchset(new Resource[] {
                        coded("mg", "magnesium", "400", 2, TODAY.minusDays(60), EventTiming.CM),
                        coded("zn", "zinc-gluconate", "100", 1, TODAY.minusDays(60), EventTiming.CM),
                        drug("doxy", "doxycycline 100 mg", EventTiming.CM)}))
                .prefetch("medicationRequests", HookRequest.searchset())
                .prefetch("observations", HookRequest.searchset())
                .prefetch("conditions", HookRequest.searchset());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/" + PV))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(req.text()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return HookRequest.JSON.readTree(r.body()).get("cards");
    }

    private static HttpResponse<String> feedback(JettyHarness cds, String uuid) throws Exception {
        ObjectNode fb = HookRequest.JSON.createObjectNode();
        fb.putArray("feedback").addObject().put("card", uuid).put("outcome", "accepted")
                .put("outcomeTimestamp", "2026-11-25T12:01:00Z")
                .putArray("acceptedSuggestions").addObject().put("id", "00000000-0000-0000-0000-000000000001");
        return post(cds, fb.toString());
    }

    private static HttpResponse<String> post(JettyHarness cds, String feedback) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/" + PV + "/feedback"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(feedback))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A clock the test moves; the service reads the hook's date and the cards' issue time from it. */
    private static final class MovableClock {
        volatile Instant now;
        final Clock clock = new TestClock(() -> now);

        MovableClock(Instant now) {
            this.now = now;
        }
    }
}
