package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.chelate.plugin.cdshooks.OutboundFetchPolicy;
import org.chelate.server.cds.CdsHooksMount;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How Chelate reads doses, end to end: CDS Hooks patient-view calls over HTTP to the servlet as the server mounts it
 * (records in the prefetch) and {@code $regimen-summary} over HTTP to the real server and its store. Amounts derive
 * from ../shared/clinical/facts.md.
 */
class DoseReadingOnServerTest extends ServerPerBackend {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Database hooksDatabase;
    private static Server hooksJetty;
    private static ServerConnector hooksConnector;

    /**
     * The hook calls go to the CDS Hooks servlet as the server mounts it, on a real Jetty and H2 file store, with a
     * call budget of 20 s instead of 500 ms: these tests are about what the cards say, on a shared busy machine, and a
     * budget spent before the first card would answer with none.
     */
    @BeforeAll
    static void startHooks() throws Exception {
        hooksDatabase = Database.open(DatabaseConfig.h2File(dataRoot.resolve("hooks")));
        hooksJetty = new Server();
        hooksConnector = new ServerConnector(hooksJetty);
        hooksConnector.setHost("127.0.0.1");
        hooksConnector.setPort(0);
        hooksJetty.addConnector(hooksConnector);
        ServletContextHandler context = new ServletContextHandler("/");
        CdsHooksMount.mount(context, hooksDatabase.dataSource(), CdsHooksMount.knowledge(null),
                OutboundFetchPolicy.none(), java.time.Duration.ofSeconds(20));
        hooksJetty.setHandler(context);
        hooksJetty.start();
    }

    @AfterAll
    static void stopHooks() throws Exception {
        hooksJetty.stop();
        hooksDatabase.close();
    }
    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String TODAY = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * A 2-year-old on "Magnesium glycinate 200 mg" once a day: 28.2 mg if the salt's weight (200 × 14.1 %), 200 mg if
     * magnesium; the high reading is above the 1–3 y supplemental UL of 65 mg (facts.md), so the card says so.
     */
    @Test
    void aChildOnAnAmbiguousGlycinateIsWarnedOnTheHighReading() throws Exception {
        JsonNode cards = patientView(birthYearsAgo(2), List.of(text("g1", "Magnesium glycinate 200 mg", quantity("1", "capsule", null))), List.of());
        JsonNode ul = card(cards, "upper-limit");
        String summary = ul.get("summary").asText();
        assertTrue(summary.contains("28.2\u2013200 mg/day may exceed the supplemental UL of 65"), summary);
        assertTrue(summary.contains("check the label's 'Magnesium (as \u2026)' line"), summary);
        // only the uncertain high reading is at 2x the UL: a warning to check the label, not a critical card
        assertEquals("warning", ul.get("indicator").asText());
    }

    /** An infant (5 months) on "Zinc 5 mg/mL drops", 1 mL a day: 5 mg elemental, above the 0–6 mo total UL of 4 mg. */
    @Test
    void anInfantOnZincDropsStatedAsElementalIsCountedAsStated() throws Exception {
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\",\"birthDate\":\""
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusMonths(5) + "\"}";
        JsonNode cards = patientView(patient, List.of(text("z1", "Infant zinc drops 5 mg/mL (as zinc sulfate)",
                quantity("1", "mL", "mL"))), List.of());
        String summary = card(cards, "upper-limit").get("summary").asText();
        assertTrue(summary.startsWith("Zinc 5 mg/day"), summary);
        assertTrue(summary.contains("UL of 4 mg/day"), summary);
    }

    /**
     * Milk of Magnesia 400 mg/5 mL as text, 30 mL at bedtime, eGFR 20: 2400 mg magnesium hydroxide × 41.68 % =
     * 1000.2 mg magnesium a day (Phillips label: 15 mL holds 500 mg), counted for the limit check.
     */
    @Test
    void milkOfMagnesiaAsTextIsReadPerVolumeAtReducedKidneyFunction() throws Exception {
        Observation egfr = new Observation();
        egfr.setId("e1");
        egfr.setStatus(Observation.ObservationStatus.FINAL);
        egfr.getCode().addCoding(new Coding("http://loinc.org", "62238-1", "eGFR (CKD-EPI)"));
        egfr.setSubject(new Reference("Patient/p1"));
        egfr.setEffective(new DateTimeType(TODAY));
        egfr.setValue(new Quantity().setValue(20).setUnit("mL/min/{1.73_m2}").setSystem(UCUM).setCode("mL/min/{1.73_m2}"));
        JsonNode cards = patientView(birthYearsAgo(70), List.of(text("m1", "Milk of Magnesia 400 mg/5 mL",
                quantity("30", "mL", "mL"))), List.of(egfr));
        JsonNode ul = card(cards, "upper-limit");
        assertTrue(ul.get("summary").asText().startsWith("Magnesium 1000.2 mg/day"), ul.toString());
    }

    @Test
    void aMultivitaminIsListedAsNotCounted() throws Exception {
        JsonNode cards = patientView(birthYearsAgo(40), List.of(text("v1", "Centrum Silver Adults 50+",
                quantity("1", "tablet", null))), List.of());
        JsonNode card = card(cards, "not-counted");
        assertTrue(card.get("summary").asText().contains("amount not recorded, not counted"), card.toString());
        assertEquals("info", card.get("indicator").asText());
    }

    @Test
    void intranasalZincGetsItsOwnWarningAndIsNotIntake() throws Exception {
        JsonNode cards = patientView(birthYearsAgo(30), List.of(text("n1", "Zicam Cold Remedy Nasal Gel (zinc)",
                quantity("1", "spray", null))), List.of());
        JsonNode card = card(cards, "intranasal-zinc");
        assertEquals("warning", card.get("indicator").asText());
        assertTrue(card.get("summary").asText().contains("loss of smell"), card.toString());
        assertTrue(card.get("source").get("label").asText().contains("FDA"), card.toString());
    }

    /** A typo of 150 g/day beside zinc and doxycycline at breakfast: 200 with the typo named and the timing card kept. */
    @Test
    void aTypoRecordDoesNotSinkTheTimingCard() throws Exception {
        MedicationStatement typo = coded("t1", "magnesium", quantity("150000", "mg", "mg"));
        MedicationStatement zinc = coded("t2", "zinc", quantity("25", "mg", "mg"));
        zinc.getDosageFirstRep().getTiming().getRepeat().addWhen(Timing.EventTiming.CM);
        MedicationStatement doxy = new MedicationStatement();
        doxy.setId("t3");
        doxy.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        doxy.setSubject(new Reference("Patient/p1"));
        doxy.setMedication(new CodeableConcept().setText("doxycycline 100 mg"));
        Dosage d = doxy.addDosage();
        d.getTiming().getRepeat().setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D).addWhen(Timing.EventTiming.CM);
        JsonNode cards = patientView(birthYearsAgo(45), List.of(typo, zinc, doxy), List.of());
        JsonNode implausible = card(cards, "implausible-record");
        assertTrue(implausible.get("detail").asText().contains("MedicationStatement/t1"), implausible.toString());
        card(cards, "interaction-timing");
    }

    /** The same magnesium oxide 400 mg as a statement and an unlinked active order: counted once, named. */
    @Test
    void aStatementAndAnUnlinkedOrderForTheSameProductCountOnce() throws Exception {
        MedicationStatement statement = coded("d1", "magnesium-oxide", quantity("400", "mg", "mg"));
        MedicationRequest order = new MedicationRequest();
        order.setId("d2");
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setSubject(new Reference("Patient/p1"));
        order.setMedication(statement.getMedicationCodeableConcept().copy());
        order.addDosageInstruction(statement.getDosageFirstRep().copy());
        JsonNode cards = patientView(birthYearsAgo(50), List.of(statement), List.of(), List.of(order));
        JsonNode duplicate = card(cards, "possible-duplicate");
        assertTrue(duplicate.get("summary").asText().startsWith("Possible duplicate"), duplicate.toString());
        // 400 mg MgO × 60.3 % = 241.2 mg: within the 350 mg UL once counted once (482.4 if counted twice)
        assertTrue(cardsOf(cards, "upper-limit").isEmpty(), cards.toString());
    }

    /**
     * {@code $regimen-summary} over the store: an ambiguous glycinate shows its basis and both readings; a record of
     * 150,000 mg/day is flagged (unmapped, implausible-amount), not accepted into the total.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theRegimenSummaryShowsBothReadingsAndFlagsAnImpossibleAmount(Backend backend) throws Exception {
        FhirHttp fhir = http(backend);
        String patientId = Fixtures.create(fhir, Fixtures.patient("Reading", "Rae", "1980-04-02", unique("mrn")));
        MedicationStatement glycinate = text(null, "Magnesium glycinate 200 mg", quantity("1", "capsule", null));
        glycinate.setSubject(new Reference("Patient/" + patientId));
        Fixtures.create(fhir, glycinate);
        MedicationStatement typo = coded(null, "magnesium", quantity("150000", "mg", "mg"));
        typo.setSubject(new Reference("Patient/" + patientId));
        String typoId = Fixtures.create(fhir, typo);

        FhirHttp.Reply reply = fhir.get("Patient/" + patientId + "/$regimen-summary");
        assertEquals(200, reply.status(), reply.body());
        Parameters summary = reply.as(Parameters.class);
        ParametersParameterComponent magnesium = summary.getParameter().stream()
                .filter(p -> p.getName().equals("mineral") && part(p, "mineral").getValue().primitiveValue().equals("magnesium"))
                .findFirst().orElseThrow();
        ParametersParameterComponent daily = part(magnesium, "dailyElementalMg");
        // 200 × 24.305 / 172.423 = 28.19 (salt's weight) to 200 (as magnesium); the typo is not in the total
        assertEquals(28.19, ((Quantity) part(daily, "low").getValue()).getValue().doubleValue(), 0.01, reply.body());
        assertEquals(0, new BigDecimal("200").compareTo(((Quantity) part(daily, "high").getValue()).getValue()), reply.body());
        ParametersParameterComponent regimen = part(magnesium, "regimen");
        assertEquals("ambiguous-salt-or-elemental", part(regimen, "amountBasis").getValue().primitiveValue());
        assertTrue(regimen.getPart().stream().anyMatch(p -> p.getName().equals("note")
                && p.getValue().primitiveValue().contains("check the label's 'Magnesium (as")), reply.body());
        ParametersParameterComponent flagged = summary.getParameter().stream().filter(p -> p.getName().equals("unmapped"))
                .filter(p -> ((Reference) part(p, "source").getValue()).getReference().contains(typoId))
                .findFirst().orElseThrow(() -> new AssertionError(reply.body()));
        assertEquals("implausible-amount", part(flagged, "reasonCode").getValue().primitiveValue());
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private JsonNode patientView(String patient, List<MedicationStatement> statements, List<Observation> observations)
            throws Exception {
        return patientView(patient, statements, observations, List.of());
    }

    private JsonNode patientView(String patient, List<MedicationStatement> statements, List<Observation> observations,
                                 List<MedicationRequest> requests) throws Exception {
        String body = "{\"hookInstance\":\"" + java.util.UUID.randomUUID() + "\",\"hook\":\"patient-view\","
                + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"p1\"},\"prefetch\":{"
                + "\"patient\":" + patient + ","
                + "\"medicationStatements\":" + bundle(statements) + ","
                + "\"medicationRequests\":" + bundle(requests) + ","
                + "\"observations\":" + bundle(observations) + ","
                + "\"conditions\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"}}}";
        URI uri = URI.create("http://127.0.0.1:" + hooksConnector.getLocalPort() + "/cds-services/chelate-patient-view");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("cards");
    }

    private static String bundle(List<? extends Resource> resources) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[" + resources.stream()
                .map(r -> "{\"resource\":" + FHIR.newJsonParser().encodeResourceToString(r) + "}")
                .collect(Collectors.joining(",")) + "]}";
    }

    private static JsonNode card(JsonNode cards, String topic) {
        List<JsonNode> found = cardsOf(cards, topic);
        assertTrue(!found.isEmpty(), "no " + topic + " card in " + cards);
        return found.get(0);
    }

    private static List<JsonNode> cardsOf(JsonNode cards, String topic) {
        List<JsonNode> found = new ArrayList<>();
        cards.forEach(c -> {
            if (c.path("source").path("topic").path("code").asText().equals(topic)) {
                found.add(c);
            }
        });
        return found;
    }

    private static String birthYearsAgo(int years) {
        return "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"male\",\"birthDate\":\""
                + java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusYears(years).minusDays(30) + "\"}";
    }

    private static MedicationStatement text(String id, String text, Quantity dose) {
        MedicationStatement ms = base(id, dose);
        ms.setMedication(new CodeableConcept().setText(text));
        return ms;
    }

    private static MedicationStatement coded(String id, String chelateCode, Quantity dose) {
        MedicationStatement ms = base(id, dose);
        ms.setMedication(new CodeableConcept().addCoding(new Coding("http://chelate.org/fhir/CodeSystem/chelate-supplement",
                chelateCode, null)));
        return ms;
    }

    private static MedicationStatement base(String id, Quantity dose) {
        MedicationStatement ms = new MedicationStatement();
        if (id != null) {
            ms.setId(id);
        }
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setSubject(new Reference("Patient/p1"));
        ms.getEffectivePeriod().setStartElement(new DateTimeType("2026-01-01"));
        Dosage dosage = ms.addDosage();
        dosage.getTiming().getRepeat().setFrequency(1).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
        dosage.addDoseAndRate().setDose(dose);
        return ms;
    }

    private static Quantity quantity(String value, String unit, String ucum) {
        Quantity q = new Quantity().setValue(new BigDecimal(value)).setUnit(unit);
        return ucum == null ? q : q.setSystem(UCUM).setCode(ucum);
    }

    private static ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
        return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name));
    }
}
