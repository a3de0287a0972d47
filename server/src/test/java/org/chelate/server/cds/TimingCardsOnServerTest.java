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
import java.util.ArrayList;
import java.util.List;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The timing cards of each facts.md timing row ("Timing: separation from other medicines") on the real server
 * (free port, H2 file store), over HTTP: patient-view with a magnesium or zinc supplement and the drug at clock times,
 * and the negatives (IV antibiotic, levofloxacin 3 h after zinc, lozenges, bisphosphonate order of the morning).
 */
class TimingCardsOnServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static ChelateServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Zinc 25 mg (175 mg zinc gluconate) or magnesium 141 mg (1000 mg magnesium bisglycinate) at the clock times. */
    private static String supplement(String mineral, String text, int perDay, String... clock) {
        return mineral.equals("zinc") ? supplement("zinc-gluconate", text, 175, perDay, clock)
                : supplement("magnesium-bisglycinate", text, 1000, perDay, clock);
    }

    /** A supplement statement coded with the Chelate supplement code, mg of the salt a dose at the clock times. */
    private static String supplement(String code, String text, int mg, int perDay, String... clock) {
        return statement("sup", "{\"coding\":[{\"system\":\"http://chelate.org/fhir/CodeSystem/chelate-supplement\","
                + "\"code\":\"" + code + "\"}]" + (text == null ? "" : ",\"text\":\"" + text + "\"") + "}",
                perDay, clock, "\"doseAndRate\":[{\"doseQuantity\":{\"value\":" + mg + ",\"unit\":\"mg\","
                        + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]");
    }

    private static String drug(String text, String routeCode, String... clock) {
        String route = routeCode == null ? "" : "\"route\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\""
                + routeCode + "\"}]}";
        return statement("drug", "{\"text\":\"" + text + "\"}", Math.max(1, clock.length), clock, route);
    }

    private static String statement(String id, String medication, int perDay, String[] clock, String extra) {
        StringBuilder times = new StringBuilder();
        for (String t : clock) {
            times.append(times.length() == 0 ? "" : ",").append('"').append(t).append(":00\"");
        }
        return "{\"resourceType\":\"MedicationStatement\",\"id\":\"" + id + "\",\"status\":\"active\","
                + "\"medicationCodeableConcept\":" + medication + ",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"dosage\":[{\"timing\":{\"repeat\":{\"frequency\":" + perDay + ",\"period\":1,\"periodUnit\":\"d\""
                + (clock.length == 0 ? "" : ",\"timeOfDay\":[" + times + "]") + "}}"
                + (extra.isEmpty() ? "" : "," + extra) + "}]}";
    }

    private static List<JsonNode> timingCards(String... statements) throws Exception {
        String entries = String.join(",", java.util.Arrays.stream(statements).map(s -> "{\"resource\":" + s + "}")
                .toList());
        String body = """
                {"hookInstance":"5c3e7d2a-3f0b-4f53-9d7e-4d0f9b3a1c11","hook":"patient-view",
                 "context":{"userId":"Practitioner/1","patientId":"p1"},
                 "prefetch":{
                  "patient":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1968-04-02"},
                  "medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[%s]},
                  "medicationRequests":{"resourceType":"Bundle","type":"searchset"},
                  "observations":{"resourceType":"Bundle","type":"searchset"},
                  "conditions":{"resourceType":"Bundle","type":"searchset"}}}
                """.formatted(entries);
        URI uri = server.baseUri().resolve("/cds-services/chelate-patient-view");
        // the supplement is coded by its salt, so a complete answer always holds an elemental-amount card (made after
        // the timing rule ran); on a loaded machine a call past its 500 ms budget answers early and is asked again
        for (int attempt = 0; attempt < 20; attempt++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            List<JsonNode> timing = new ArrayList<>();
            boolean complete = false;
            for (JsonNode card : JSON.readTree(response.body()).get("cards")) {
                String type = card.at("/source/topic/code").asText();
                complete |= type.equals("elemental-amount");
                if (type.equals("interaction-timing")) {
                    timing.add(card);
                }
            }
            if (complete) {
                return timing;
            }
        }
        throw new AssertionError("no complete answer in 20 calls");
    }

    private static JsonNode oneCard(String... statements) throws Exception {
        List<JsonNode> cards = timingCards(statements);
        assertEquals(1, cards.size(), cards.toString());
        JsonNode card = cards.get(0);
        assertTrue(card.get("summary").asText().length() < 140);
        String text = (card.get("summary").asText() + card.get("detail").asText()).toLowerCase();
        assertFalse(text.contains("verify") || text.contains("facts.md") || text.contains(".json"), text);
        return card;
    }

    @ParameterizedTest(name = "{0} at {1} with {2} at {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        // tetracyclines: at least 2 h before or 4–6 h after (ODS); 5 h after is inside the range's far end
        "doxycycline 100 mg | 13:00 | zinc | 08:00 | warning | 4\u20136 h after zinc | ODS-Zn",
        // ciprofloxacin: at least 2 h before or 6 h after (CIPRO PI §2.4)
        "Cipro 500 mg tablet | 14:00 | zinc | 09:00 | warning | \u22656 h after zinc | Label:CIPRO-PI-2.4",
        // moxifloxacin: at least 4 h before or 8 h after (moxifloxacin PI §2.2)
        "moxifloxacin 400 mg | 15:00 | magnesium | 08:00 | warning | \u22658 h after magnesium | Label:MOXIFLOXACIN-PI-2.2",
        // levofloxacin: at least 2 h before or 2 h after (levofloxacin PI §2.4): 3 h after zinc is no clash
        "levofloxacin 750 mg | 11:00 | zinc | 08:00 | info | keep \u22652 h apart from zinc | Label:LEVOFLOXACIN-PI-2.4",
        // other oral fluoroquinolones: at least 2 h before or 4–6 h after (ODS)
        "ofloxacin 400 mg | 12:00 | zinc | 08:00 | warning | 4\u20136 h after zinc | ODS-Zn",
        // levothyroxine: at least 4 h before or after (TIROSINT-SOL PI §2.1; SYNTHROID PI §7.1)
        "levothyroxine 88 mcg | 07:00 | magnesium | 10:00 | warning | keep \u22654 h apart | Label:TIROSINT-SOL-PI-2.1",
        // dolutegravir: 2 h before or 6 h after mineral supplements (TIVICAY PI)
        "Tivicay 50 mg | 12:00 | zinc | 08:00 | warning | \u22656 h after zinc | Label:TIVICAY-PI",
        // bictegravir: at least 2 h before or 6 h after antacids containing aluminium/magnesium (BIKTARVY PI)
        "Biktarvy | 20:00 | magnesium | 08:00 | info | \u22656 h after magnesium | Label:BIKTARVY-PI",
        // raltegravir: magnesium-containing antacids not recommended, together or staggered (ISENTRESS PI)
        "Isentress 400 mg | 20:00 | magnesium | 08:00 | warning | not recommended, even staggered | Label:ISENTRESS-PI",
        // oral cabotegravir: antacids at least 2 h before or 4 h after (VOCABRIA PI)
        "Vocabria 30 mg | 08:00 | magnesium | 11:00 | warning | \u22654 h before or \u22652 h after | Label:VOCABRIA-PI",
        // eltrombopag: at least 2 h before or 4 h after polyvalent cations (PROMACTA PI)
        "Promacta 50 mg | 11:00 | zinc | 08:00 | warning | \u22654 h after zinc | Label:PROMACTA-PI",
        // deferiprone: at least 4 h apart from polyvalent cations such as zinc (FERRIPROX PI)
        "Ferriprox 1000 mg | 10:00 | zinc | 08:00 | warning | keep \u22654 h apart from zinc | Label:FERRIPROX-PI",
        // penicillamine: separate zinc and penicillamine by at least 2 h (ODS-Zn)
        "penicillamine 250 mg | 09:00 | zinc | 08:00 | warning | keep \u22652 h apart from zinc | ODS-Zn",
        // bisphosphonates: the bisphosphonate first, fasting, ... at least 2 h apart (ACTONEL PI §2.7): zinc came first
        "Actonel 35 mg | 07:00 | zinc | 06:00 | warning | take it first, fasting | Label:ACTONEL-PI-2.7",
        // ibandronate: first, fasting, ≥ 60 min before food or other medicine (ibandronate PI §2.2): zinc 14 h later
        "Boniva 150 mg | 06:00 | zinc | 20:00 | info | \u226560 min before food | Label:IBANDRONATE-PI-2.2",
    })
    void eachTimingRowOnTheServer(String drugText, String drugTime, String mineral, String supplementTime,
                                  String indicator, String summaryPart, String source) throws Exception {
        JsonNode card = oneCard(supplement(mineral, null, 1, supplementTime),
                drug(drugText, null, drugTime));
        assertEquals(indicator, card.get("indicator").asText(), card.toString());
        assertTrue(card.get("summary").asText().contains(summaryPart), card.get("summary").asText());
        assertTrue(card.at("/source/label").asText().startsWith(source + ": "), card.at("/source/label").asText());
        assertEquals(indicator.equals("info"), !card.has("overrideReasons"));
    }

    @Test
    void ivAntibioticGetsNoTimingCard() throws Exception {
        // "These are about oral forms of the drug; an IV or topical drug does not chelate in the gut."
        assertEquals(List.of(), timingCards(supplement("zinc", null, 1, "08:00"),
                drug("ciprofloxacin 400 mg", "47625008", "08:00")));
        assertEquals(List.of(), timingCards(supplement("zinc", null, 1, "08:00"),
                drug("levofloxacin 500 MG in 100 ML Injection", null, "08:00")));
        assertEquals(1, timingCards(supplement("zinc", null, 1, "08:00"),
                drug("levofloxacin 500 mg", "26643006", "09:00")).size(), "the same drug by mouth");
    }

    @Test
    void lozengesEveryFewHoursMakeSeparationImpractical() throws Exception {
        // "separation from an interacting antibiotic is impractical when lozenges are taken every 2–3 h" (ODS-Zn)
        JsonNode card = oneCard(supplement("zinc", "Zinc gluconate lozenge 13 mg", 6),
                drug("ciprofloxacin 500 mg", null, "08:00", "20:00"));
        assertEquals("warning", card.get("indicator").asText());
        assertTrue(card.get("summary").asText().contains("impractical with zinc lozenges every few hours"),
                card.get("summary").asText());
    }

    @Test
    void labelSourcesAreLinkedWhereDailyMedHasThem() throws Exception {
        JsonNode card = oneCard(supplement("zinc", null, 1, "08:00"), drug("Tivicay 50 mg", null, "09:00"));
        assertTrue(card.at("/source/url").asText().startsWith("https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid="),
                card.toString());
        JsonNode cipro = oneCard(supplement("zinc", null, 1, "08:00"), drug("Cipro 500 mg", null, "09:00"));
        assertTrue(cipro.get("detail").asText().contains("CIPRO PI \u00a72.4"), cipro.get("detail").asText());
    }
}
