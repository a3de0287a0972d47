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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import org.chelate.plugin.guidance.Fhir;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CDS Hooks 2.0 order-select over real HTTP: the guidance is about the orders in {@code context.selections}; the other
 * draft orders only count in the totals. Each case is also sent as order-sign (every draft in focus) to show that
 * the difference comes from the selection, not from the data.
 */
class OrderSelectTest {

    private static final String SELECT = "chelate-order-select";
    private static final String SIGN = "chelate-order-sign";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static JettyHarness cds;

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC)));
        // a budget far above a call's cost on a loaded machine, and a warm-up, so that no assertion depends on speed
        CdsHooksService service = new CdsHooksService(KnowledgePack.loadDefault(),
                CdsHooksConfig.defaults().withClock(clock).withBudget(Duration.ofSeconds(30)),
                new InMemoryFeedbackStore(IssuedCardRetention.DEFAULT, clock));
        service.warmUp();
        cds = new JettyHarness(new CdsHooksServlet(service), "/cds-services/*");
    }

    @AfterAll
    static void stop() throws Exception {
        cds.close();
    }

    private static MedicationRequest supplementDraft(String id, String mineral, String doseMg) {
        MedicationRequest draft = draftOrder(id, null, doseMg, 1, EventTiming.CM);
        draft.setMedication(new CodeableConcept(new Coding(ChelateSystems.SUPPLEMENT, mineral, mineral)));
        return draft;
    }

    private static HookRequest request(String hook, Resource[] statements, Resource[] observations,
                                       MedicationRequest... drafts) {
        return HookRequest.of(hook, Fhir.PATIENT_ID)
                .prefetch("patient", patient("1984-05-10", AdministrativeGender.FEMALE))
                .prefetch("medicationStatements", HookRequest.searchset(statements))
                .prefetch("medicationRequests", HookRequest.searchset())
                .prefetch("observations", HookRequest.searchset(observations))
                .prefetch("conditions", HookRequest.searchset())
                .draftOrders(HookRequest.searchset(drafts));
    }

    private static HookRequest select(HookRequest req, String... selections) {
        ArrayNode array = HookRequest.JSON.createArrayNode();
        for (String s : selections) {
            array.add(s);
        }
        return req.contextRaw("selections", array);
    }

    private static HttpResponse<String> post(String service, HookRequest req) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cds.base() + "/cds-services/" + service))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(req.text()))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode cards(String service, HookRequest req) throws Exception {
        HttpResponse<String> r = post(service, req);
        assertEquals(200, r.statusCode(), r.body());
        return CdsSpecChecks.response(HookRequest.JSON.readTree(r.body()));
    }

    private static List<String> summaries(JsonNode cards) {
        return StreamSupport.stream(cards.spliterator(), false).map(c -> c.get("summary").asText()).toList();
    }

    private static List<String> types(JsonNode cards) {
        return StreamSupport.stream(cards.spliterator(), false)
                .map(c -> c.path("source").path("topic").path("code").asText()).toList();
    }

    private static JsonNode upperLimit(JsonNode cards, String mineral) {
        return StreamSupport.stream(cards.spliterator(), false)
                .filter(c -> c.path("source").path("topic").path("code").asText().equals("upper-limit"))
                .filter(c -> c.get("summary").asText().toLowerCase().startsWith(mineral))
                .findFirst().orElseThrow(() -> new AssertionError("no " + mineral + " UL card in " + summaries(cards)));
    }

    @Test
    void guidanceIsAboutTheSelectedOrderWhileOtherDraftsCountInTheTotal() throws Exception {
        Resource[] current = {coded("mg", "magnesium", "100", 1, TODAY.minusDays(90))};
        MedicationRequest selected = supplementDraft("mg-selected", "magnesium", "200");
        MedicationRequest otherMg = supplementDraft("mg-other", "magnesium", "200");
        MedicationRequest otherZinc = supplementDraft("zn-other", "zinc", "50");

        JsonNode cards = cards(SELECT, select(request("order-select", current, new Resource[0], selected, otherMg,
                otherZinc), "MedicationRequest/mg-selected"));
        JsonNode mg = upperLimit(cards, "magnesium");
        assertTrue(mg.get("summary").asText().contains("500 mg/day"),
                "100 recorded + 200 selected + 200 other draft: " + mg.get("summary"));
        String detail = mg.get("detail").asText();
        assertTrue(detail.contains("(selected order)") && detail.contains("(other draft order)"), detail);
        for (JsonNode suggestion : mg.get("suggestions")) {
            for (JsonNode action : suggestion.get("actions")) {
                String id = action.has("resource") ? action.get("resource").get("id").asText()
                        : action.get("resourceId").asText();
                assertTrue(id.endsWith("mg-selected"), "only the selected order is adjusted: " + action);
            }
        }
        assertTrue(mg.get("suggestions").size() >= 1, "the selected order gets a suggestion: " + mg);
        assertTrue(StreamSupport.stream(cards.spliterator(), false).noneMatch(c -> c.get("summary").asText()
                .toLowerCase().startsWith("zinc")), "no selected order supplies zinc: " + summaries(cards));

        // the same drafts at order-sign: every draft is in focus, so the unselected zinc order gets its card
        JsonNode signed = cards(SIGN, request("order-sign", current, new Resource[0], selected, otherMg, otherZinc));
        assertTrue(upperLimit(signed, "zinc").get("summary").asText().contains("50 mg/day"));
    }

    @Test
    void recordCardsAppearOnlyWhenASelectedOrderConcernsTheirMineral() throws Exception {
        Resource[] current = {drug("doxy", "doxycycline 100 mg", EventTiming.CM)};
        Resource[] labs = {lab("l1", "2601-3", "0.62", "mmol/L", TODAY.minusDays(3))};
        MedicationRequest zinc = supplementDraft("zn-new", "zinc", "10");
        MedicationRequest magnesium = supplementDraft("mg-new", "magnesium", "100");

        JsonNode zincSelected = cards(SELECT, select(request("order-select", current, labs, zinc, magnesium),
                "MedicationRequest/zn-new"));
        List<String> types = types(zincSelected);
        assertFalse(types.contains("serum-magnesium"), "the low magnesium lab is not about the zinc order: " + types);
        JsonNode timing = zincSelected.get(types.indexOf("interaction-timing"));
        assertTrue(timing.get("detail").asText().contains("zinc"), timing.toString());

        JsonNode magnesiumSelected = cards(SELECT, select(request("order-select", current, labs, zinc, magnesium),
                "MedicationRequest/mg-new"));
        assertTrue(types(magnesiumSelected).contains("serum-magnesium"), types(magnesiumSelected).toString());

        JsonNode signed = cards(SIGN, request("order-sign", current, labs, zinc, magnesium));
        assertTrue(types(signed).contains("serum-magnesium"));
    }

    @Test
    void selectingTheInteractingDrugGivesItsTimingCardAndNothingAboutOtherDrafts() throws Exception {
        Resource[] current = {coded("zn", "zinc", "25", 1, TODAY.minusDays(60), EventTiming.CM)};
        MedicationRequest doxy = draftOrder("doxy-draft", "doxycycline 100 mg", "100", 2, EventTiming.CM);
        MedicationRequest magnesium = supplementDraft("mg-draft", "magnesium", "500");
        JsonNode cards = cards(SELECT, select(request("order-select", current, new Resource[0], doxy, magnesium),
                "MedicationRequest/doxy-draft"));
        List<String> types = types(cards);
        assertTrue(types.contains("interaction-timing"), types.toString());
        assertFalse(types.contains("upper-limit"), "the unselected magnesium draft (500 mg) is not the subject: "
                + summaries(cards));
        assertTrue(types(cards(SIGN, request("order-sign", current, new Resource[0], doxy, magnesium)))
                .contains("upper-limit"));
    }

    @Test
    void selectingAnOrderThatIsNotASupplementOrDrugGivesNothingAboutTheOtherDrafts() throws Exception {
        MedicationRequest magnesium = supplementDraft("mg-draft", "magnesium", "500");
        ServiceRequest lab = new ServiceRequest();
        lab.setId("lab-1");
        lab.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        lab.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        lab.setSubject(new Reference("Patient/" + Fhir.PATIENT_ID));
        lab.setCode(new CodeableConcept().setText("lipid panel"));
        JsonNode cards = cards(SELECT, select(draftsOnly("order-select", magnesium, lab), "ServiceRequest/lab-1"));
        assertEquals(0, cards.size(), "the 500 mg magnesium draft is not the selected order: " + summaries(cards));
        assertTrue(types(cards(SIGN, draftsOnly("order-sign", magnesium, lab))).contains("upper-limit"),
                "at order-sign every draft is in focus");
    }

    /** A 42-year-old woman with nothing on record but these draft orders. */
    private static HookRequest draftsOnly(String hook, Resource... drafts) {
        return HookRequest.of(hook, Fhir.PATIENT_ID)
                .prefetch("patient", patient("1984-05-10", AdministrativeGender.FEMALE))
                .prefetch("medicationStatements", HookRequest.searchset())
                .prefetch("medicationRequests", HookRequest.searchset())
                .prefetch("observations", HookRequest.searchset())
                .prefetch("conditions", HookRequest.searchset())
                .draftOrders(HookRequest.searchset(drafts));
    }

    @Test
    void selectionsAreRequiredAndMustNameADraftOrder() throws Exception {
        MedicationRequest draft = supplementDraft("mg-draft", "magnesium", "100");
        Resource[] none = new Resource[0];
        assertError(post(SELECT, request("order-select", none, none, draft)), "context.selections is required");
        assertError(post(SELECT, select(request("order-select", none, none, draft), "MedicationRequest/other")),
                "not an order in context.draftOrders");
        assertError(post(SELECT, request("order-select", none, none, draft)
                .contextRaw("selections", HookRequest.JSON.createArrayNode())), "non-empty array");
        assertError(post(SELECT, request("order-select", none, none, draft)
                .contextRaw("selections", HookRequest.JSON.createArrayNode().add(7))), "references");
    }

    private static void assertError(HttpResponse<String> r, String message) throws Exception {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = HookRequest.JSON.readTree(r.body());
        assertEquals(400, body.get("status").asInt());
        assertTrue(body.get("error").asText().contains(message), body.toString());
    }
}
