package org.chelate.plugin.cdshooks;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.lab;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.chelate.plugin.guidance.Fhir;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The servlet on a real Jetty, called over real HTTP; a second Jetty plays the EHR's FHIR server. */
class CdsHooksServletTest {

    private static final String PV = "chelate-patient-view";
    private static final String SIGN = "chelate-order-sign";
    private static final String SELECT = "chelate-order-select";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static JettyHarness cds;
    private static JettyHarness ehr;
    private static FakeFhirServer fhir;
    private static InMemoryFeedbackStore store;
    private static String fhirBase;

    @BeforeAll
    static void start() throws Exception {
        fhir = new FakeFhirServer();
        ehr = new JettyHarness(fhir, "/fhir/*");
        fhirBase = ehr.base() + "/fhir";
        // the hook's date is the fixtures' TODAY; the clock still ticks so the budget is real
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        // a budget far above a call's cost on a loaded CI machine, so that no assertion depends on speed; the
        // slow-server test uses a server slower than the budget
        CdsHooksConfig config = CdsHooksConfig.defaults().withClock(clock).withMaxBodyBytes(2_000_000)
                .withBudget(Duration.ofSeconds(3))
                .withOutbound(new OutboundFetchPolicy(Set.of(ehr.base().toString()), Duration.ofSeconds(10), 200_000));
        store = new InMemoryFeedbackStore(IssuedCardRetention.DEFAULT, clock);
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(), config, store);
        service.warmUp();
        cds = new JettyHarness(new CdsHooksServlet(service), "/cds-services/*");
    }

    @AfterAll
    static void stop() throws Exception {
        cds.close();
        ehr.close();
    }

    @BeforeEach
    void resetEhr() {
        fhir.bodiesByType.clear();
        fhir.seen.clear();
        fhir.delayMillis = 0;
        fhir.redirectTo = null;
        fhir.hugeBytes = 0;
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services" + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, "application/json");
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return HookRequest.JSON.readTree(r.body());
    }

    private static void error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = HookRequest.JSON.readTree(r.body());
        assertEquals(status, body.get("status").asInt());
        assertFalse(body.get("error").asText().isBlank());
    }

    private static Patient adult() {
        return patient("1984-05-10", AdministrativeGender.FEMALE);
    }

    private static HookRequest full(String hook, Patient patient, Resource[] statements, Resource... observations) {
        return HookRequest.of(hook, Fhir.PATIENT_ID)
                .prefetch("patient", patient)
                .prefetch("medicationStatements", HookRequest.searchset(statements))
                .prefetch("medicationRequests", HookRequest.searchset())
                .prefetch("observations", HookRequest.searchset(observations))
                .prefetch("conditions", HookRequest.searchset());
    }

    private static List<String> types(JsonNode cards) {
        return StreamSupport.stream(cards.spliterator(), false)
                .map(c -> c.path("source").path("topic").path("code").asText()).toList();
    }

    private static JsonNode card(JsonNode cards, String type) {
        return StreamSupport.stream(cards.spliterator(), false)
                .filter(c -> type.equals(c.path("source").path("topic").path("code").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " card in " + cards));
    }

    // --- discovery, CORS ------------------------------------------------------------------------------------------

    @Test
    void discoveryListsThreeConformantServices() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        JsonNode doc = ok(r);
        CdsSpecChecks.discovery(doc);
        List<String> hooks = StreamSupport.stream(doc.get("services").spliterator(), false)
                .map(s -> s.get("hook").asText()).sorted().toList();
        assertEquals(List.of("order-select", "order-sign", "patient-view"), hooks);
        assertTrue(doc.get("services").get(0).get("prefetch").get("observations").asText().contains("82810-3"));
    }

    @Test
    void corsPreflightIsAnswered() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/" + PV))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://sandbox.cds-hooks.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization, content-type").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
    }

    // --- invocation -----------------------------------------------------------------------------------------------

    @Test
    void patientViewGivesSourcedConformantCardsMostSevereFirst() throws Exception {
        HookRequest req = full("patient-view", adult(),
                new Resource[] {coded("mg", "magnesium", "400", 2, TODAY.minusDays(60), EventTiming.CM),
                        coded("zn", "zinc-gluconate", "100", 1, TODAY.minusDays(60), EventTiming.CM),
                        drug("doxy", "doxycycline 100 mg", EventTiming.CM)},
                lab("l1", "2601-3", "0.62", "mmol/L", TODAY.minusDays(3)));
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + PV, req.text())));
        List<String> types = types(cards);
        assertEquals("upper-limit", types.get(0));
        assertEquals("critical", cards.get(0).get("indicator").asText(), "800 mg/day is >= 2x the 350 mg UL");
        assertTrue(types.containsAll(List.of("interaction-timing", "serum-magnesium", "elemental-amount")), types.toString());
        JsonNode ul = cards.get(0);
        assertTrue(ul.get("detail").asText().contains("350 mg/day"));
        assertEquals("https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/", ul.get("source").get("url").asText());
        assertTrue(ul.get("source").get("label").asText().contains(KnowledgePack.loadDefault().version()));
        assertTrue(card(cards, "interaction-timing").get("summary").asText().contains("breakfast"));
        assertEquals(types.size(), store.counts().isEmpty() ? types.size() : types.size());
        assertTrue(store.issued(ul.get("uuid").asText()).isPresent(), "issued cards are remembered for feedback");
    }

    @Test
    void emptyPrefetchGivesNoCards() throws Exception {
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + PV, full("patient-view", adult(), new Resource[0]).text())));
        assertEquals(0, cards.size());
    }

    @Test
    void childOfSixPatientView() throws Exception {
        HookRequest req = full("patient-view", patient("2020-06-01", AdministrativeGender.MALE),
                new Resource[] {coded("zn", "zinc", "15", 1, TODAY.minusDays(30))});
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + PV, req.text())));
        assertTrue(card(cards, "upper-limit").get("summary").asText().contains("12 mg/day"));
    }

    @Test
    void orderSignSuggestionAppliedToTheDraftClearsTheUlWarning() throws Exception {
        MedicationRequest draft = draftOrder("draft-1", null, "200", 2);
        draft.setMedication(new CodeableConcept(new Coding(ChelateSystems.SUPPLEMENT, "magnesium", "magnesium")));
        Resource[] current = {coded("mg", "magnesium", "100", 1, TODAY.minusDays(90))};
        HookRequest req = full("order-sign", adult(), current).draftOrders(HookRequest.searchset(draft));
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + SIGN, req.text())));
        JsonNode ul = card(cards, "upper-limit");
        assertEquals("warning", ul.get("indicator").asText());
        assertEquals("at-most-one", ul.get("selectionBehavior").asText());
        JsonNode action = ul.get("suggestions").get(0).get("actions").get(0);
        assertEquals("update", action.get("type").asText());
        MedicationRequest updated = (MedicationRequest) FhirContext.forR4Cached().newJsonParser()
                .parseResource(action.get("resource").toString());
        HookRequest after = full("order-sign", adult(), current).draftOrders(HookRequest.searchset(updated));
        JsonNode cardsAfter = CdsSpecChecks.response(ok(post("/" + SIGN, after.text())));
        assertFalse(types(cardsAfter).contains("upper-limit"), cardsAfter.toString());
    }

    @Test
    void orderSelectOfAnInteractingDrugGivesTimingCard() throws Exception {
        MedicationRequest doxy = draftOrder("doxy-draft", "doxycycline 100 mg", "100", 2, EventTiming.CM);
        HookRequest req = full("order-select", adult(),
                new Resource[] {coded("zn", "zinc", "25", 1, TODAY.minusDays(60), EventTiming.CM)})
                .draftOrders(HookRequest.searchset(doxy));
        req.contextRaw("selections", HookRequest.JSON.createArrayNode().add("MedicationRequest/doxy-draft"));
        JsonNode timing = card(CdsSpecChecks.response(ok(post("/" + SELECT, req.text()))), "interaction-timing");
        assertTrue(timing.get("detail").asText().contains("being ordered"));
        assertTrue(timing.get("summary").asText().contains("clash"));
    }

    // --- prefetch fallback ----------------------------------------------------------------------------------------

    @Test
    void missingPrefetchWithoutFhirServerIs412() throws Exception {
        HookRequest req = full("patient-view", adult(), new Resource[0]).withoutPrefetch("observations");
        error(post("/" + PV, req.text()), 412);
    }

    @Test
    void nullAndOperationOutcomePrefetchAreFetchedWithTheBearerToken() throws Exception {
        fhir.bodiesByType.put("Observation", FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                HookRequest.searchset(lab("l1", "2601-3", "0.62", "mmol/L", TODAY.minusDays(3)))));
        fhir.bodiesByType.put("Condition", FhirContext.forR4Cached().newJsonParser()
                .encodeResourceToString(HookRequest.searchset()));
        OperationOutcome couldNot = new OperationOutcome();
        couldNot.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.TOOCOSTLY);
        HookRequest req = full("patient-view", adult(), new Resource[0])
                .prefetchRaw("observations", HookRequest.JSON.nullNode())
                .prefetch("conditions", couldNot)
                .fhirServer(fhirBase, "token-abc");
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + PV, req.text())));
        assertTrue(types(cards).contains("serum-magnesium"), cards.toString());
        assertEquals(2, fhir.seen.size());
        assertTrue(fhir.seen.stream().allMatch(s -> "Bearer token-abc".equals(s.authorization())));
        assertTrue(fhir.seen.stream().anyMatch(s -> s.uri().startsWith("/fhir/Observation?patient=p1&code=")));
    }

    @Test
    void fhirServerNotOnAllowlistIs412AndIsNeverCalled() throws Exception {
        HookRequest req = full("patient-view", adult(), new Resource[0]).withoutPrefetch("patient")
                .fhirServer("http://localhost:" + ehr.base().getPort() + "/fhir", "t");
        error(post("/" + PV, req.text()), 412);
        assertEquals(List.of(), fhir.seen);
    }

    @Test
    void redirectIsNotFollowedAndTheCardSaysTheConditionsWereNotRead() throws Exception {
        fhir.redirectTo = "http://localhost:1/steal";
        HookRequest req = full("patient-view", adult(), new Resource[0]).withoutPrefetch("conditions")
                .fhirServer(fhirBase, "t");
        assertConditionsNotRead(ok(post("/" + PV, req.text())), "sent the request elsewhere");
        assertEquals(1, fhir.seen.size());
    }

    @Test
    void hugeResponseIsRefusedAndTheCardSaysTheConditionsWereNotRead() throws Exception {
        fhir.hugeBytes = 400_000;
        HookRequest req = full("patient-view", adult(), new Resource[0]).withoutPrefetch("conditions")
                .fhirServer(fhirBase, "t");
        assertConditionsNotRead(ok(post("/" + PV, req.text())), "more data than this service accepts");
    }

    /** One input failed, the others were read: the answer has the cards it could make and says what was not read. */
    private static void assertConditionsNotRead(JsonNode response, String why) {
        JsonNode cards = CdsSpecChecks.response(response);
        JsonNode last = null;
        for (JsonNode card : cards) {
            if ("incomplete-data".equals(card.get("source").get("topic").get("code").asText())) {
                last = card;
            }
        }
        assertTrue(last != null, cards.toString());
        assertTrue(last.get("detail").asText().contains("Active conditions"), last.toString());
        assertTrue(last.get("detail").asText().contains(why), last.toString());
    }

    @Test
    void slowFhirServerLeavesOnlyTheCardsThatDoNotNeedIt() throws Exception {
        fhir.delayMillis = 8000;
        fhir.bodiesByType.put("Observation", FhirContext.forR4Cached().newJsonParser().encodeResourceToString(
                HookRequest.searchset(lab("l1", "2601-3", "0.62", "mmol/L", TODAY.minusDays(3)))));
        HookRequest req = full("patient-view", adult(),
                new Resource[] {coded("mg", "magnesium", "400", 1, TODAY.minusDays(60))})
                .withoutPrefetch("observations").fhirServer(fhirBase, "t");
        JsonNode cards = CdsSpecChecks.response(ok(post("/" + PV, req.text())));
        List<String> types = types(cards);
        assertTrue(types.contains("upper-limit"), types.toString());
        assertFalse(types.contains("serum-magnesium"), "the labs did not arrive within the budget");
    }

    // --- bad input ------------------------------------------------------------------------------------------------

    @Test
    void badInputIsAJsonErrorWithTheRightStatus() throws Exception {
        String good = full("patient-view", adult(), new Resource[0]).text();
        error(post("/" + PV, "{\"hook\": \"patient-view\", "), 400);
        error(post("/" + PV, "[1,2,3]"), 400);
        error(post("/no-such-service", good), 404);
        error(post("/" + PV + "/nothing/here", good), 404);
        error(post("/" + PV, good, "text/plain"), 415);
        error(post("/" + PV, "{\"a\":\"" + "x".repeat(2_100_000) + "\"}"), 413);
        error(HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/" + PV)).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 405);

        ObjectNode noInstance = (ObjectNode) HookRequest.JSON.readTree(good);
        noInstance.remove("hookInstance");
        error(post("/" + PV, noInstance.toString()), 400);
        ObjectNode noPatient = (ObjectNode) HookRequest.JSON.readTree(good);
        ((ObjectNode) noPatient.get("context")).remove("patientId");
        error(post("/" + PV, noPatient.toString()), 400);
        ObjectNode badPatientId = (ObjectNode) HookRequest.JSON.readTree(good);
        ((ObjectNode) badPatientId.get("context")).put("patientId", "../../Patient?_id=x");
        error(post("/" + PV, badPatientId.toString()), 400);
        ObjectNode wrongHook = (ObjectNode) HookRequest.JSON.readTree(good);
        wrongHook.put("hook", "order-sign");
        error(post("/" + PV, wrongHook.toString()), 400);

        error(post("/" + PV, full("patient-view", adult(), new Resource[0])
                .prefetch("patient", lab("x", "2601-3", "1", "mmol/L", TODAY)).text()), 400);
        error(post("/" + PV, full("patient-view", adult(), new Resource[] {adult()}).text()), 400);
        error(post("/" + PV, full("patient-view", adult(), new Resource[0])
                .prefetchRaw("patient", HookRequest.JSON.readTree("{\"resourceType\":\"Patient\",\"id\":\"p1\","
                        + "\"birthDate\":\"not-a-date\"}")).text()), 400);
        error(post("/" + PV, full("patient-view", adult(), new Resource[0])
                .prefetchRaw("patient", HookRequest.JSON.readTree("{\"resourceType\":\"Patient\",\"id\":\"p1\","
                        + "\"gender\":\"female\",\"birthDate\":\"1984-05-10\",\"bogus\":1}")).text()), 400);
        Patient other = adult();
        other.setId("other");
        error(post("/" + PV, full("patient-view", other, new Resource[0]).text()), 400);

        error(post("/" + SIGN, full("order-sign", adult(), new Resource[0]).text()), 400);
        error(post("/" + SIGN, full("order-sign", adult(), new Resource[0])
                .contextRaw("draftOrders", HookRequest.json(draftOrder("d", "zinc", "10", 1))).text()), 400);
        error(post("/" + SIGN, full("order-sign", adult(), new Resource[0])
                .contextRaw("draftOrders", HookRequest.JSON.readTree("[1]")).text()), 400);
    }

    /** An impossible amount is left out of the totals and named on its own card; the call still answers 200. */
    @Test
    void absurdZincIsNamedOnItsOwnCardNotCountedAndDoesNotSinkTheCall() throws Exception {
        JsonNode cards = ok(post("/" + PV, full("patient-view", adult(),
                new Resource[] {coded("zn", "zinc", "1000000000", 1, TODAY.minusDays(3))}).text())).get("cards");
        assertEquals("warning", card(cards, "implausible-record").get("indicator").asText());
        MedicationRequest absurd = draftOrder("d", null, "1e9", 1);
        absurd.setMedication(new CodeableConcept(new Coding(ChelateSystems.SUPPLEMENT, "zinc", "zinc")));
        JsonNode signed = ok(post("/" + SIGN, full("order-sign", adult(), new Resource[0])
                .draftOrders(HookRequest.searchset(absurd)).text())).get("cards");
        assertTrue(card(signed, "implausible-record").get("detail").asText().contains("MedicationRequest/d"),
                signed.toString());
    }

    // --- feedback -------------------------------------------------------------------------------------------------

    @Test
    void feedbackIsStoredAndCountedPerCardTypeAndOutcome() throws Exception {
        HookRequest req = full("patient-view", adult(),
                new Resource[] {coded("mg", "magnesium", "400", 1, TODAY.minusDays(60))});
        JsonNode cards = ok(post("/" + PV, req.text())).get("cards");
        String uuid = card(cards, "upper-limit").get("uuid").asText();
        long before = count("upper-limit", "overridden");
        ObjectNode fb = HookRequest.JSON.createObjectNode();
        var item = fb.putArray("feedback").addObject();
        item.put("card", uuid).put("outcome", "overridden").put("outcomeTimestamp", "2026-11-25T12:01:00Z");
        item.putObject("overrideReason").put("userComment", "monitored")
                .putObject("reason").put("system", CardFactory.OVERRIDE_SYSTEM).put("code", "clinically-appropriate")
                .put("display", "Clinically appropriate for this patient; monitored");
        ok(post("/" + PV + "/feedback", fb.toString()));
        assertEquals(before + 1, count("upper-limit", "overridden"));

        // a card this service never issued (or no longer remembers): a JSON 404, and nothing of the batch is counted
        ObjectNode unknown = HookRequest.JSON.createObjectNode();
        var items = unknown.putArray("feedback");
        items.addObject().put("card", uuid).put("outcome", "accepted").put("outcomeTimestamp", "2026-11-25T12:02:00Z")
                .putArray("acceptedSuggestions").addObject().put("id", "00000000-0000-0000-0000-000000000001");
        items.addObject().put("card", "00000000-0000-0000-0000-000000000000")
                .put("outcome", "accepted").put("outcomeTimestamp", "2026-11-25T12:02:00Z")
                .putArray("acceptedSuggestions").addObject().put("id", "00000000-0000-0000-0000-000000000001");
        long acceptedBefore = count("upper-limit", "accepted");
        error(post("/" + PV + "/feedback", unknown.toString()), 404);
        assertEquals(acceptedBefore, count("upper-limit", "accepted"));
        assertEquals(0, count("unknown", "accepted"));

        error(post("/" + PV + "/feedback", "{\"feedback\": []}"), 400);
        // CDS Hooks 2.0: acceptedSuggestions is required for an accepted outcome
        error(post("/" + PV + "/feedback", "{\"feedback\": [{\"card\": \"" + uuid + "\", \"outcome\": \"accepted\", "
                + "\"outcomeTimestamp\": \"2026-11-25T12:00:00Z\"}]}"), 400);
        error(post("/" + PV + "/feedback", "{\"feedback\": [{\"card\": \"x\", \"outcome\": \"liked\", "
                + "\"outcomeTimestamp\": \"2026-11-25T12:00:00Z\"}]}"), 400);
        error(post("/nope/feedback", fb.toString()), 404);
    }

    private static long count(String type, String outcome) {
        return store.counts().stream().filter(c -> c.cardType().equals(type) && c.outcome().equals(outcome))
                .mapToLong(FeedbackCount::count).sum();
    }

    @SuppressWarnings("unused")
    private static List<Resource> list(Resource... r) {
        return new ArrayList<>(List.of(r));
    }

    @SuppressWarnings("unused")
    private static Bundle bundle(Resource... r) {
        return HookRequest.searchset(r);
    }
}
