package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.drugAt;
import static org.chelate.plugin.guidance.Fhir.lab;
import static org.chelate.plugin.guidance.Fhir.labWithRange;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Fhir.problem;
import static org.chelate.plugin.guidance.Fhir.score;
import static org.chelate.plugin.guidance.Fhir.statement;
import static org.chelate.plugin.guidance.Fhir.textOnly;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.terminology.codes.LabCodes;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every card type the engine can produce, with long product names where a summary shows them: each summary fits the
 * 140 characters of CDS Hooks whole, never cut in the middle of an instruction ("…or 4–…").
 */
class SummaryWordingTest {

    private static final Pattern CUT = Pattern.compile(
            "(\u2026|\\s(or|and|to|of|with|by|at|for|from|the|a|an)|[\u2013\\-(,:;])$");
    private static final String LONG_MG = "Magnesium bisglycinate chelate extra strength fully reacted buffered "
            + "high absorption vegetarian capsule";

    @TempDir
    Path dir;

    @Test
    void fitDropsAsidesAndClausesBeforeCuttingAWord() {
        assertEquals("Take it 2 h before", Fmt.fit("Take it 2 h before (or 4\u20136 h after the supplement)", 20));
        assertEquals("Ciprofloxacin: give \u22652 h before or \u22656 h after zinc",
                Fmt.fit("Ciprofloxacin: give \u22652 h before or \u22656 h after zinc; zinc lozenges 13 mg "
                        + "every 2 h since Monday", 60));
        String cut = Fmt.fit("Give the antibiotic at least two hours before or four to six hours after it", 50);
        assertTrue(cut.length() <= 50 && !CUT.matcher(cut.substring(0, cut.length() - 1)).find(), cut);
        assertEquals("short", Fmt.firstFitting(10, "much too long for ten", "short"));
    }

    @Test
    void everyCardTypeHasAWholeSummary() throws IOException {
        KnowledgePack everythingOn = pack();
        LabCodes labs = GuidanceEngineTest.verifiedCopperLoinc();
        List<Scenario> scenarios = List.of(
                adult().with(statement("ul", LONG_MG, "1000", 3, TODAY.minusDays(20))),
                adult().with(coded("zn", "zinc-gluconate", "100", 1, TODAY.minusDays(5))),
                adult().with(textOnly("t2", "Zinc", "zinc lozenges when I have a cold")),
                adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(14))),
                adult().with(coded("mg", "magnesium", "800", 1, TODAY.minusDays(30)))
                        .with(lab("egfr", "98979-8", "18", "mL/min/{1.73_m2}", TODAY.minusDays(7))),
                adult().with(coded("mg", "magnesium", "400", 1, TODAY.minusDays(30), EventTiming.CM),
                        coded("zn", "zinc", "20", 1, TODAY.minusDays(30), EventTiming.CM),
                        drug("dtg", "Triumeq (abacavir, dolutegravir, lamivudine) 600/50/300 mg tablet",
                                EventTiming.CM)),
                adult().with(coded("mg", "magnesium", "200", 1, TODAY.minusDays(9), EventTiming.WAKE),
                        coded("zn", "zinc", "20", 1, TODAY.minusDays(9), EventTiming.MORN),
                        drug("fos", "alendronate 70 mg", EventTiming.WAKE)),
                adult().with(Fhir.at(coded("zn", "zinc", "20", 1, TODAY.minusDays(9)), "08:30"),
                        drugAt("moxi", "moxifloxacin 400 mg", "10:15")),
                adult().with(lab("mg", "2601-3", "0.42", "mmol/L", TODAY.minusDays(2))),
                adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(3)))
                        .with(labWithRange("zn", "5763-8", "55", "ug/dL", "60", "120", TODAY.minusDays(1)),
                                labWithRange("cu", "5631-7", "60", "ug/dL", "70", "140", TODAY.minusDays(1))),
                adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusWeeks(8)))
                        .with(score("s0", "72514-3", 7, TODAY.minusWeeks(9)), score("s1", "72514-3", 4, TODAY)),
                adult().with(problem("c", "Hypomagnesemia")),
                adult().with(drug("dig", "digoxin 0.125 mg tablet (Lanoxin) for atrial fibrillation rate control"),
                        drug("furo", "furosemide 40 mg tablet twice daily for congestive heart failure"),
                        drug("ppi", "omeprazole 20 mg delayed-release capsule once daily before breakfast"))
                        .with(lab("mg", "2601-3", "0.62", "mmol/L", TODAY.minusDays(2))),
                adult().with(coded("zn", "zinc", "15", 1, TODAY.minusDays(60)),
                        drug("hctz", "hydrochlorothiazide 25 mg tablet once daily for hypertension")),
                adult().ordering(draftOrder("d", LONG_MG, "500", 1)),
                adult().with(statement("v", "Centrum Silver multivitamin " + LONG_MG, "1", 1, TODAY.minusDays(5)),
                        statement("n", "Zinc nasal gel " + LONG_MG, "1", 1, TODAY.minusDays(5)),
                        coded("typo", "magnesium", "150000", 1, TODAY.minusDays(5))),
                adult().with(coded("s1", "magnesium", "300", 1, TODAY.minusDays(5))).request(activeOrder()));
        Set<CardType> seen = EnumSet.noneOf(CardType.class);
        List<String> bad = new ArrayList<>();
        for (Scenario s : scenarios) {
            for (KnowledgePack pack : List.of(KnowledgePack.loadDefault(), everythingOn)) {
                for (Finding f : s.run(pack, labs)) {
                    seen.add(f.type());
                    String summary = f.summary();
                    if (summary.length() > Finding.MAX_SUMMARY || CUT.matcher(summary).find()
                            || summary.chars().filter(c -> c == '(').count()
                            != summary.chars().filter(c -> c == ')').count()) {
                        bad.add(f.type() + ": " + summary);
                    }
                }
            }
        }
        assertEquals(List.of(), bad, "summaries cut or too long");
        Set<CardType> missing = EnumSet.allOf(CardType.class);
        missing.removeAll(seen);
        missing.remove(CardType.INCOMPLETE_DATA); // made by the CDS layer from the call's data gaps, not by a rule
        assertFalse(seen.isEmpty());
        assertEquals(Set.of(), missing, "add a scenario producing each new card type to this test");
    }

    private static org.hl7.fhir.r4.model.MedicationRequest activeOrder() {
        org.hl7.fhir.r4.model.MedicationRequest order = draftOrder("o1", null, "300", 1);
        order.setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setMedication(coded("x", "magnesium", "300", 1, TODAY).getMedicationCodeableConcept());
        return order;
    }

    private static Scenario adult() {
        return Scenario.of(patient("1962-01-15", AdministrativeGender.MALE));
    }

    /** The default pack with its switched-off entries switched on (where the pack has such a switch). */
    private KnowledgePack pack() throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root;
        try (InputStream in = KnowledgePack.class.getResourceAsStream("default-pack.json")) {
            root = (ObjectNode) json.readTree(in);
        }
        for (JsonNode note : root.path("notes")) {
            ((ObjectNode) note).put("enabled", true);
        }
        JsonNode kidney = root.path("thresholds").path("kidney");
        if (kidney.isObject() && !kidney.path("enabled").asBoolean(true)) {
            ((ObjectNode) kidney).put("enabled", true).put("egfrBelow", 30);
            ((ArrayNode) kidney.get("sources")).add("Label");
        }
        Path file = Files.createTempFile(dir, "pack", ".json");
        json.writeValue(file.toFile(), root);
        return KnowledgePack.load(file);
    }
}
