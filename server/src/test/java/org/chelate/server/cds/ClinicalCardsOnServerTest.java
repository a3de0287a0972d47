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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.time.Duration;
import org.chelate.plugin.cdshooks.OutboundFetchPolicy;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's kidney, lab, upper-limit policy and template cases through the server's CDS Hooks mount on a real Jetty
 * with a real H2 file store, over HTTP (facts.md rows cited at each case; the engine tests hold the full set). The
 * budget is generous: the cases need the second, Observation pass, and the test must not assume a quiet machine.
 */
class ClinicalCardsOnServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPLEMENT = "http://chelate.org/fhir/CodeSystem/chelate-supplement";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static Database database;
    private static Server jetty;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        database = Database.open(DatabaseConfig.h2File(dataDir));
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        CdsHooksMount.mount(context, database.dataSource(), CdsHooksMount.knowledge(null), OutboundFetchPolicy.none(),
                Duration.ofSeconds(60)); // no assertion on speed
        jetty.setHandler(context);
        jetty.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.stop();
        database.close();
    }

    // facts.md Magnesium "Kidney": G4 (eGFR 15–29) with regular magnesium needs a warning
    @Test
    void egfr18OnMagnesiumOxide800NightlyIsAKidneyWarning() throws Exception {
        JsonNode cards = patientView(List.of(statement("mox", "magnesium-oxide", 800, 1, false)),
                List.of(lab("e", "98979-8", 18, "mL/min/{1.73_m2}", null)), List.of());
        JsonNode kidney = card(cards, "kidney-magnesium");
        assertEquals("warning", kidney.get("indicator").asText(), kidney.toString());
        assertTrue(kidney.get("summary").asText().contains("eGFR 18 (KDIGO G4)"), kidney.toString());
    }

    // facts.md "Serum magnesium, severity": symptoms of hypermagnesaemia appear above about 2 mmol/L
    @Test
    void serumMagnesium25IsCritical() throws Exception {
        JsonNode cards = patientView(List.of(), List.of(lab("s", "2601-3", 2.5, "mmol/L", null)), List.of());
        JsonNode serum = card(cards, "serum-magnesium");
        assertEquals("critical", serum.get("indicator").asText(), serum.toString());
        assertEquals("critical", cards.get(0).get("indicator").asText(), "most severe first");
    }

    // facts.md: a coded Wilson disease problem means "above the UL by design, specialist-managed"
    @Test
    void wilsonDiseaseOnZincAcetateIsInfoNotWarning() throws Exception {
        JsonNode cards = patientView(List.of(statement("zn", "zinc", 50, 3, false)), List.of(),
                List.of(condition("wd", "http://snomed.info/sct", "88518009", "Wilson's disease")));
        assertEquals("info", card(cards, "upper-limit").get("indicator").asText());
        cards.forEach(c -> assertEquals("info", c.get("indicator").asText(), c.toString()));
    }

    // facts.md: "Never offer a supplement template to a patient with hypermagnesaemia ... eGFR < 30"
    @Test
    void ckdStage5WithHypermagnesaemiaGetsNoTemplateOnOrderSign() throws Exception {
        String draft = medication("MedicationRequest", "d1", "magnesium", 100, 1, false)
                .replace("\"status\":\"active\"", "\"status\":\"draft\",\"intent\":\"order\"");
        JsonNode cards = call("chelate-order-sign", List.of(), List.of(lab("e", "98979-8", 10, "mL/min/{1.73_m2}", null)),
                List.of(condition("p", null, null, "Magnesium supplementation"),
                        condition("ckd", "http://hl7.org/fhir/sid/icd-10-cm", "N18.5", "Chronic kidney disease, stage 5"),
                        condition("hmg", "http://snomed.info/sct", "66978005", "Hypermagnesemia")),
                ",\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                        + draft + "}]}");
        cards.forEach(c -> assertTrue(!"regimen-template".equals(topic(c)), c.toString()));
        JsonNode kidney = card(cards, "kidney-magnesium");
        assertEquals("critical", kidney.get("indicator").asText());
        assertTrue(kidney.get("summary").asText().startsWith("Do not start magnesium"), kidney.toString());
    }

    // issue 12 done-when: a patient within every limit gets no card above info
    @Test
    void aPatientWithinEveryLimitGetsNoCardAboveInfo() throws Exception {
        JsonNode cards = patientView(List.of(statement("mg", "magnesium", 200, 1, false),
                        statement("zn", "zinc", 15, 1, false), statement("mom", "magnesium-hydroxide", 2400, 1, true)),
                List.of(lab("e", "98979-8", 92, "mL/min/{1.73_m2}", null), lab("s", "2601-3", 0.85, "mmol/L", "0.70")),
                List.of());
        cards.forEach(c -> assertEquals("info", c.get("indicator").asText(), c.toString()));
        assertEquals("info", card(cards, "upper-limit").get("indicator").asText(),
                "as-needed milk of magnesia with normal kidney function");
    }

    private static JsonNode patientView(List<String> statements, List<String> observations, List<String> conditions)
            throws Exception {
        return call("chelate-patient-view", statements, observations, conditions, "");
    }

    private static JsonNode call(String service, List<String> statements, List<String> observations,
                                 List<String> conditions, String extraContext) throws Exception {
        String hook = service.substring("chelate-".length());
        String body = "{\"hookInstance\":\"" + UUID.randomUUID() + "\",\"hook\":\"" + hook + "\","
                + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"p1\"" + extraContext + "},"
                + "\"prefetch\":{\"patient\":{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"female\","
                + "\"birthDate\":\"1958-04-02\"},"
                + "\"medicationStatements\":" + bundle(statements) + ",\"medicationRequests\":" + bundle(List.of())
                + ",\"observations\":" + bundle(observations) + ",\"conditions\":" + bundle(conditions) + "}}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("cds-services/" + service))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("cards");
    }

    private static JsonNode card(JsonNode cards, String topic) {
        List<JsonNode> found = new ArrayList<>();
        cards.forEach(c -> {
            if (topic.equals(topic(c))) {
                found.add(c);
            }
        });
        assertEquals(1, found.size(), topic + " in " + cards);
        return found.get(0);
    }

    private static String topic(JsonNode card) {
        return card.path("source").path("topic").path("code").asText();
    }

    private static String bundle(List<String> resources) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[");
        for (int i = 0; i < resources.size(); i++) {
            b.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources.get(i)).append('}');
        }
        return b.append("]}").toString();
    }

    private static String statement(String id, String code, double mg, int perDay, boolean asNeeded) {
        return medication("MedicationStatement", id, code, mg, perDay, asNeeded);
    }

    private static String medication(String type, String id, String code, double mg, int perDay, boolean asNeeded) {
        String medication = "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"" + SUPPLEMENT + "\",\"code\":\""
                + code + "\"}]}";
        String dosage = "{" + (asNeeded ? "\"asNeededBoolean\":true," : "") + "\"timing\":{\"repeat\":{\"frequency\":"
                + perDay + ",\"period\":1,\"periodUnit\":\"d\"}},\"doseAndRate\":[{\"doseQuantity\":{\"value\":" + mg
                + ",\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]}";
        String dosageField = type.equals("MedicationRequest") ? "dosageInstruction" : "dosage";
        String period = type.equals("MedicationRequest") ? "" : ",\"effectivePeriod\":{\"start\":\"2026-01-01\"}";
        return "{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\",\"status\":\"active\"," + medication
                + ",\"subject\":{\"reference\":\"Patient/p1\"}" + period + ",\"" + dosageField + "\":[" + dosage + "]}";
    }

    private static String lab(String id, String loinc, double value, String unit, String rangeLow) {
        String range = rangeLow == null ? "" : ",\"referenceRange\":[{\"low\":{\"value\":" + rangeLow
                + ",\"unit\":\"mmol/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/L\"},\"high\":{\"value\":"
                + "1.00,\"unit\":\"mmol/L\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/L\"}}]";
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"" + loinc + "\"}]},\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"effectiveDateTime\":\"2026-01-15\",\"valueQuantity\":{\"value\":" + value + ",\"unit\":\"" + unit
                + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}" + range + "}";
    }

    private static String condition(String id, String system, String code, String display) {
        String coding = system == null ? "\"text\":\"" + display + "\""
                : "\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\",\"display\":\"" + display + "\"}]";
        return "{\"resourceType\":\"Condition\",\"id\":\"" + id + "\",\"clinicalStatus\":{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},\"category\":"
                + "[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-category\",\"code\":"
                + "\"problem-list-item\"}]}],\"code\":{" + coding + "},\"subject\":{\"reference\":\"Patient/p1\"}}";
    }
}
