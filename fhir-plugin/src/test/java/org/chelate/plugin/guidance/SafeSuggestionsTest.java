package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Clinical.adult;
import static org.chelate.plugin.guidance.Clinical.egfr;
import static org.chelate.plugin.guidance.Clinical.find;
import static org.chelate.plugin.guidance.Clinical.serumMg;
import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.problem;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Templates and suggestions that cannot hurt (item 7) and copper monitoring (item 8), through the engine. */
class SafeSuggestionsTest {

    private static MedicationRequest draft(String id, String supplementCode, String doseMg, int perDay) {
        MedicationRequest d = draftOrder(id, supplementCode, doseMg, perDay);
        d.setMedication(new CodeableConcept(new Coding(ChelateSystems.SUPPLEMENT, supplementCode, null)));
        return d;
    }

    private static boolean template(List<Finding> f) {
        return find(f, CardType.REGIMEN_TEMPLATE).isPresent();
    }

    // facts.md: "Never offer a supplement template to a patient with hypermagnesaemia, zinc toxicity, copper deficiency,
    // Wilson disease, eGFR < 30 or a serum magnesium above the lab's range"
    @Test
    void ckdStage5WithHypermagnesaemiaGetsNoTemplate() {
        List<Finding> f = adult().with(problem("p", "Magnesium supplementation"),
                Clinical.coded("ckd", Clinical.ICD10CM, "N18.5", "Chronic kidney disease, stage 5"),
                Clinical.coded("hmg", Clinical.SNOMED, "66978005", "Hypermagnesemia"))
                .ordering(draft("d", "magnesium", "100", 1)).run();
        assertTrue(!template(f), f.toString());
        assertTrue(template(adult().with(problem("p", "Magnesium supplementation"))
                .ordering(draft("d", "magnesium", "100", 1)).run()), "the same order without them: offered");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hypermagnesemia", "Zinc toxicity", "Copper deficiency", "Wilson's disease",
        "Chronic kidney disease stage 4", "End-stage renal disease on dialysis"})
    void noTemplateForTheListedProblemsByText(String problemText) {
        assertTrue(!template(adult().with(problem("p", "Hypomagnesemia"), problem("x", problemText)).run()), problemText);
    }

    @Test
    void noTemplateAtEgfrBelow30OrSerumMagnesiumAboveTheLabsRange() {
        assertTrue(!template(adult().with(problem("p", "Hypomagnesemia")).with(egfr("25")).run()));
        assertTrue(template(adult().with(problem("p", "Hypomagnesemia")).with(egfr("65")).run()));
        assertTrue(!template(adult().with(problem("p", "Hypomagnesemia"))
                .with(serumMg("2601-3", "1.02", "mmol/L", "0.70", "1.00")).run()));
        assertTrue(!template(adult().with(problem("p", "Hypomagnesemia")).without(Input.OBSERVATIONS).run()),
                "labs not read: a template cannot be shown safe");
    }

    // issue 12 done-when: "The template card is never shown with an order-sign that draws a warning or critical"
    @Test
    void noTemplateBesideAWarning() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "300", 1, TODAY.minusDays(30)))
                .ordering(draft("d", "magnesium", "100", 1)).run();
        assertEquals(Severity.WARNING, find(f, CardType.UPPER_LIMIT).orElseThrow().severity());
        assertTrue(!template(f), f.toString());
        assertTrue(TemplateGate.apply(List.of()).isEmpty());
    }

    // facts.md "Reading an amount": "A drug product named by its salt and strength ('Zinc sulfate 220 mg capsule' ...)
    // gives the compound's weight"; "zinc sulfate heptahydrate ... 220 mg holds 50 mg zinc"
    @Test
    void zincSulfate220TwiceDailyIsNeverLoweredToASaltWeightThePharmacyCannotFill() {
        List<Finding> f = adult().ordering(draft("zs", "zinc-sulfate-heptahydrate", "220", 2)).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertTrue(ul.suggestions().stream().flatMap(s -> s.actions().stream())
                .noneMatch(a -> a.type() == FhirAction.Type.UPDATE), "one capsule (50 mg zinc) already exceeds 40 mg");
        FhirAction remove = ul.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.DELETE, remove.type());
        assertTrue(ul.suggestions().get(0).label().contains("one dose gives 50 mg zinc"), ul.suggestions().toString());
    }

    // facts.md salt table: "magnesium oxide MgO 60.3 %": 400 mg tablet = 241.2 mg magnesium
    @Test
    void aSaltNamedOrderIsLoweredToFewerDosesOfTheSameStrength() {
        MedicationRequest order = draft("mox", "magnesium-oxide", "400", 2);
        Finding ul = find(adult().with(egfr("88")).ordering(order).run(), CardType.UPPER_LIMIT).orElseThrow();
        FhirAction update = ul.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.UPDATE, update.type());
        MedicationRequest updated = (MedicationRequest) update.resource();
        assertEquals(0, updated.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue()
                .compareTo(new java.math.BigDecimal("400")), "the same 400 mg tablet");
        assertEquals(1, updated.getDosageInstructionFirstRep().getTiming().getRepeat().getFrequency());
        assertTrue(ul.suggestions().get(0).label().contains("400 mg magnesium oxide once daily"),
                ul.suggestions().get(0).label());
        assertEquals(List.of(), FhirValidation.errors(updated));
        assertTrue(find(adult().with(egfr("88")).ordering(updated).run(), CardType.UPPER_LIMIT).isEmpty());
        // labs not read on this call: no lowered magnesium dose is offered (kidney function unknown)
        assertTrue(find(adult().with(egfr("88")).ordering(draft("mox", "magnesium-oxide", "400", 2))
                .without(Input.OBSERVATIONS).run(), CardType.UPPER_LIMIT).orElseThrow().suggestions().stream()
                .flatMap(s -> s.actions().stream()).noneMatch(a -> a.type() == FhirAction.Type.UPDATE));
    }

    // facts.md "Chronic high intake": "copper deficiency (anaemia, neutropenia, neurological signs) ... within ~10 weeks";
    // "Serum zinc (LOINC 5763-8) and copper (5631-7)": valid LOINC codes
    @Test
    void copperMonitoringNamesWhatToCheckAndOffersBothOrders() {
        Finding c = find(adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(12))).run(),
                CardType.COPPER_MONITORING).orElseThrow();
        assertEquals(Severity.WARNING, c.severity());
        assertTrue(c.summary().contains("check copper and ceruloplasmin; cut zinc to the UL"), c.summary());
        assertTrue(c.detail().contains("complete blood count") && c.detail().contains("neurological signs"));
        assertTrue(c.detail().contains("**Reduce zinc** to the UL (40 mg/day total) unless it is indicated"));
        List<String> codes = c.suggestions().stream().map(s -> ((ServiceRequest) s.actions().get(0).resource())
                .getCode().getCodingFirstRep().getCode()).toList();
        assertEquals(List.of("5631-7", "2064-4"), codes);
        for (Suggestion s : c.suggestions()) {
            assertEquals(List.of(), FhirValidation.errors(s.actions().get(0).resource()));
        }
        assertEquals(1, c.suggestions().stream().filter(Suggestion::recommended).count());
        // a ceruloplasmin result since the high intake started counts as monitoring
        assertTrue(find(adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(12)))
                .with(Fhir.lab("cp", "2064-4", "25", "mg/dL", TODAY.minusWeeks(1))).run(), CardType.COPPER_MONITORING)
                .isEmpty());
    }
}
