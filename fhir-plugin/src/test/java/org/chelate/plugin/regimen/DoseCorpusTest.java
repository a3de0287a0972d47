package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The dose corpus ({@code dose-corpus.json}): medication entries as EHRs write them (text only, coded, Medication with
 * ingredients, liquids, named products, mg/g/µg/mmol/mEq/mL/tablet/spoon, children's products), each with the
 * elemental mg per dose and the basis a pharmacist derived by hand from facts.md or a cited label, written beside it.
 */
class DoseCorpusTest {

    /** The salt table rounds each dose to 0.01 mg; the hand derivations round the same way. */
    private static final BigDecimal TOLERANCE = new BigDecimal("0.02");
    private static final Set<String> UCUM_UNITS = Set.of("mg", "g", "ug", "mmol", "meq", "mL", "[tsp_us]");

    private final RegimenMapper mapper = new RegimenMapper();

    static List<JsonNode> cases() throws Exception {
        try (InputStream in = DoseCorpusTest.class.getResourceAsStream("/dose-corpus.json")) {
            List<JsonNode> cases = new ArrayList<>();
            new ObjectMapper().readTree(in).get("cases").forEach(cases::add);
            return cases;
        }
    }

    @Test
    void theCorpusHoldsAtLeastAHundredEntriesEachWithItsDerivation() throws Exception {
        List<JsonNode> cases = cases();
        assertTrue(cases.size() >= 100, cases.size() + " entries");
        for (JsonNode c : cases) {
            assertTrue(c.path("derivation").asText().length() > 10, c.path("id").asText() + " has no derivation");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachEntryReadsAsItsLabelMeansIt() throws Exception {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.get("id").asText() + " " + title(c.get("record")), () -> {
            MedicationStatement statement = statement(c.get("id").asText(), c.get("record"));
            RegimenMapping mapping = mapper.map(List.of(statement));
            JsonNode expect = c.get("expect");
            String why = c.get("id").asText() + " (" + c.get("derivation").asText() + "): ";
            if (expect.has("unmapped")) {
                assertTrue(mapping.regimens().isEmpty(), why + mapping.regimens());
                assertEquals(expect.get("unmapped").asText(), mapping.unmapped().get(0).code().name()
                        .toLowerCase(Locale.ROOT).replace('_', '-'), why + mapping.unmapped());
                return;
            }
            assertTrue(mapping.unmapped().isEmpty(), why + mapping.unmapped());
            Mineral mineral = Mineral.valueOf(expect.get("mineral").asText().toUpperCase(Locale.ROOT));
            Regimen regimen = mapping.regimensOf(mineral).get(0);
            assertClose(expect.get("perDoseLow").asText(), regimen.elementalMgPerDoseLow(), why + "low");
            assertClose(expect.get("perDoseHigh").asText(), regimen.elementalMgPerDoseHigh(), why + "high");
            assertEquals(expect.get("basis").asText(), regimen.amountBasis().code(), why + "basis");
            if (expect.has("note")) {
                assertTrue(regimen.notes().stream().anyMatch(n -> n.contains(expect.get("note").asText())),
                        why + regimen.notes());
            }
        }));
    }

    private static String title(JsonNode record) {
        String text = record.path("text").asText(record.path("medication").path("text").asText(record.path("code").asText()));
        return text + " / " + record.path("dose").asText();
    }

    static MedicationStatement statement(String id, JsonNode record) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(id);
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setSubject(new Reference("Patient/corpus"));
        if (record.has("medication")) {
            JsonNode m = record.get("medication");
            Medication medication = new Medication();
            medication.setId("med");
            medication.setCode(new CodeableConcept().setText(m.path("text").asText()));
            for (JsonNode i : m.path("ingredients")) {
                Medication.MedicationIngredientComponent ingredient = medication.addIngredient();
                ingredient.setItem(concept(i.path("code").asText(), null));
                ingredient.setStrength(new Ratio().setNumerator(quantity(i.get("strength").asText()))
                        .setDenominator(quantity(i.get("per").asText())));
                if (i.has("basis")) {
                    ingredient.addExtension(ChelateExtensions.DOSE_BASIS, new CodeType(i.get("basis").asText()));
                }
            }
            ms.addContained(medication);
            ms.setMedication(new Reference("#med"));
        } else {
            ms.setMedication(concept(record.path("code").asText(null), record.path("text").asText(null)));
        }
        Dosage dosage = ms.addDosage();
        dosage.getTiming().getRepeat().setFrequency(1).setPeriod(BigDecimal.ONE).setPeriodUnit(UnitsOfTime.D);
        dosage.addDoseAndRate().setDose(quantity(record.get("dose").asText()));
        if (record.has("basis")) {
            dosage.addExtension(ChelateExtensions.DOSE_BASIS, new CodeType(record.get("basis").asText()));
        }
        if ("nasal".equals(record.path("route").asText())) {
            dosage.setRoute(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "46713006", "Nasal route")));
        }
        return ms;
    }

    private static CodeableConcept concept(String code, String text) {
        CodeableConcept concept = new CodeableConcept();
        if (code != null && !code.isEmpty()) {
            String[] parts = code.split("\\|");
            concept.addCoding(new Coding("chelate".equals(parts[0]) ? ChelateSystems.SUPPLEMENT : parts[0], parts[1], null));
        }
        if (text != null && !text.isEmpty()) {
            concept.setText(text);
        }
        return concept;
    }

    /** "400 mg", "30 mL", "20 meq" as UCUM; "2 tablet", "1 teaspoon" as the words a record writes. */
    private static Quantity quantity(String written) {
        String[] parts = written.split(" ", 2);
        Quantity q = new Quantity().setValue(new BigDecimal(parts[0])).setUnit(parts[1]);
        if (UCUM_UNITS.contains(parts[1])) {
            q.setSystem("http://unitsofmeasure.org").setCode(parts[1]);
        }
        return q;
    }

    private static void assertClose(String expected, BigDecimal actual, String what) {
        BigDecimal difference = new BigDecimal(expected).subtract(actual).abs();
        assertTrue(difference.compareTo(TOLERANCE) <= 0, () -> what + ": expected " + expected + " but was "
                + actual.toPlainString());
    }
}
