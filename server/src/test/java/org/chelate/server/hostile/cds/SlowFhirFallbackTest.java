package org.chelate.server.hostile.cds;

import static org.chelate.server.hostile.cds.HookCalls.JSON;
import static org.chelate.server.hostile.cds.HookCalls.bundle;
import static org.chelate.server.hostile.cds.HookCalls.card;
import static org.chelate.server.hostile.cds.HookCalls.cards;
import static org.chelate.server.hostile.cds.HookCalls.emptyPrefetch;
import static org.chelate.server.hostile.cds.HookCalls.patient;
import static org.chelate.server.hostile.cds.HookCalls.patientView;
import static org.chelate.server.hostile.cds.HookCalls.post;
import static org.chelate.server.hostile.cds.HookCalls.service;
import static org.chelate.server.hostile.cds.HookCalls.types;
import static org.chelate.server.hostile.cds.HookCalls.zinc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.ChelateServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slow or failing EHR FHIR server behind the prefetch fallback never gives an answer that looks like "all clear":
 * 412 when nothing could be read, otherwise the cards that could be made plus one that says what was not read.
 */
class SlowFhirFallbackTest {

    private static final String PV = "chelate-patient-view";

    @TempDir
    Path dataDir;

    @Test
    void anEhrTooSlowForEveryReadIsA412NotAnEmptyAnswer() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            for (String type : new String[] {"Patient", "MedicationStatement", "MedicationRequest", "Observation",
                    "Condition"}) {
                ehr.delays.put(type, 3_000L);
                ehr.bodies.put(type, type.equals("Patient") ? patient("p1") : bundle());
            }
            HttpResponse<String> answer = post(service(server, PV), patientView("p1", Map.of(), ehr.base(), "t"), null);

            if (answer.statusCode() == 200) {
                // on a machine too busy to run the call's thread before the budget ends: the one card says that
                // nothing was checked (the failure this guards against was a bare {"cards":[]})
                JsonNode cards = cards(answer);
                assertEquals(List.of("incomplete-data"), types(cards), answer.body());
                assertTrue(cards.get(0).get("detail").asText().contains("every check"), answer.body());
                return;
            }
            assertEquals(412, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            JsonNode error = JSON.readTree(answer.body());
            assertEquals(412, error.get("status").asInt());
            assertTrue(error.get("error").asText().contains("did not answer in time"), answer.body());
        }
    }

    @Test
    void aSlowPatientReadKeepsTheZincFindingVisibleAsNotChecked() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            ehr.bodies.put("Patient", patient("p2"));
            ehr.delays.put("Patient", 3_000L);
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p2"));
            prefetch.remove("patient");
            prefetch.put("medicationStatements", bundle(zinc("zn", "p2")));

            JsonNode cards = cards(post(service(server, PV), patientView("p2", prefetch, ehr.base(), "t"), null));

            JsonNode incomplete = card(cards, "incomplete-data");
            assertNotNull(incomplete, "the zinc upper-limit check could not run: the answer must say so " + cards);
            assertEquals("warning", incomplete.get("indicator").asText());
            assertTrue(incomplete.get("summary").asText().contains("patient details"), incomplete.toString());
            assertTrue(incomplete.get("summary").asText().length() < 140);
            String detail = incomplete.get("detail").asText();
            assertTrue(detail.contains("did not answer in time") && detail.contains("upper limits"), detail);
        }
    }

    @Test
    void theFirstFallbackCallAfterAStartIsAnsweredWithTheZincCardOrSaysWhatWasNotRead() throws Exception {
        try (FakeEhr ehr = new FakeEhr()) {
            ehr.bodies.put("Patient", patient("p3"));
            try (ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
                Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p3"));
                prefetch.remove("patient");
                prefetch.put("medicationStatements", bundle(zinc("zn", "p3")));

                JsonNode cards = cards(post(service(server, PV), patientView("p3", prefetch, ehr.base(), "t"), null));

                JsonNode ul = card(cards, "upper-limit");
                JsonNode incomplete = card(cards, "incomplete-data");
                assertTrue(ul != null && ul.get("summary").asText().startsWith("Zinc")
                        || incomplete != null && incomplete.get("detail").asText().contains("Patient details"),
                        "the zinc card, or a card saying the patient could not be read: " + types(cards));
            }
        }
    }

    @Test
    void aFailingConditionsReadStillAnswersTheZincCardAndNamesWhatWasNotRead() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p4"));
            prefetch.remove("conditions"); // the EHR answers 404 for it
            prefetch.put("medicationStatements", bundle(zinc("zn", "p4")));

            JsonNode cards = cards(post(service(server, PV), patientView("p4", prefetch, ehr.base(), "t"), null));

            assertEquals("critical", card(cards, "upper-limit").get("indicator").asText(), cards.toString());
            assertTrue(card(cards, "incomplete-data").get("detail").asText().contains("Active conditions"));
        }
    }
}
