package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Clinical.adult;
import static org.chelate.plugin.guidance.Clinical.drug;
import static org.chelate.plugin.guidance.Clinical.egfr;
import static org.chelate.plugin.guidance.Clinical.find;
import static org.chelate.plugin.guidance.Clinical.serumMg;
import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.LabFlag;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.summary.RegimenSummaryService;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Kidney (item 2), serum magnesium severity (item 5) and causes (item 4), through the engine. */
class KidneyAndLabRulesTest {

    // facts.md, Magnesium "Kidney": "Severely decreased function = KDIGO G4 (eGFR 15–29) ... regular magnesium there
    // needs a warning (G4)"
    @Test
    void egfr18OnMagnesiumOxide800NightlyIsAWarning() {
        List<Finding> f = adult().with(coded("mox", "magnesium-oxide", "800", 1, TODAY.minusDays(90), EventTiming.HS))
                .with(egfr("18")).run();
        Finding k = find(f, CardType.KIDNEY_MAGNESIUM).orElseThrow();
        assertEquals(Severity.WARNING, k.severity());
        assertTrue(k.summary().contains("eGFR 18 (KDIGO G4)"), k.summary());
        assertTrue(k.summary().contains("482.4 mg/day"), "800 mg MgO x 60.3 %: " + k.summary());
        assertTrue(k.summary().contains("stop or avoid magnesium"), k.summary());
        assertEquals("KDIGO:CKD-2012", k.sources().get(0).id());
        assertTrue(k.detail().contains("Ask a doctor before use if you have kidney disease"), k.detail());
        assertTrue(find(f, CardType.REGIMEN_TEMPLATE).isEmpty());
    }

    // facts.md "Kidney": "kidney failure = G5 (< 15): regular magnesium there needs ... more (G5 ...)"
    @Test
    void g5IsCriticalEvenForAsNeededMagnesium() {
        Finding k = find(adult().with(Clinical.asNeeded(coded("mom", "magnesium-hydroxide", "1200", 1,
                TODAY.minusDays(30)))).with(egfr("12")).run(), CardType.KIDNEY_MAGNESIUM).orElseThrow();
        assertEquals(Severity.CRITICAL, k.severity());
        assertTrue(k.summary().contains("KDIGO G5"), k.summary());
        assertTrue(k.detail().contains("(as needed)"), k.detail());
    }

    // facts.md "Kidney": "... or any serum Mg above the lab's range" → critical with low eGFR
    @Test
    void serumMagnesiumAboveTheLabsRangeWithG4IsCritical() {
        Finding k = find(adult().with(coded("mg", "magnesium", "250", 1, TODAY.minusDays(30)))
                .with(egfr("25"), serumMg("2601-3", "1.1", "mmol/L", "0.70", "1.00")).run(), CardType.KIDNEY_MAGNESIUM)
                .orElseThrow();
        assertEquals(Severity.CRITICAL, k.severity());
        assertTrue(k.summary().contains("high serum magnesium"), k.summary());
        // a coded hypermagnesaemia problem is a serum magnesium above the range on record
        assertEquals(Severity.CRITICAL, find(adult().with(coded("mg", "magnesium", "250", 1, TODAY.minusDays(30)))
                .with(egfr("25")).with(Clinical.coded("h", Clinical.SNOMED, "66978005", "Hypermagnesemia")).run(),
                CardType.KIDNEY_MAGNESIUM).orElseThrow().severity());
    }

    // facts.md "Kidney": "G3b (30–44) with regular magnesium: monitor serum magnesium"; "Diuretics": "potassium-sparing
    // diuretics lower magnesium excretion (with a supplement and reduced kidney function: monitor)"
    @Test
    void g3bWithRegularMagnesiumAndSpironolactoneIsMonitoringInfo() {
        Finding k = find(adult().with(coded("mg", "magnesium", "250", 1, TODAY.minusDays(30)),
                drug("spiro", "spironolactone 25 mg")).with(egfr("38")).run(), CardType.KIDNEY_MAGNESIUM).orElseThrow();
        assertEquals(Severity.INFO, k.severity());
        assertTrue(k.summary().endsWith("monitor serum magnesium"), k.summary());
        assertTrue(k.summary().contains("spironolactone"), k.summary());
        // as needed only, or kidney function G3a and better: no kidney card
        assertTrue(find(adult().with(Clinical.asNeeded(coded("mom", "magnesium-hydroxide", "1200", 1,
                TODAY.minusDays(30)))).with(egfr("38")).run(), CardType.KIDNEY_MAGNESIUM).isEmpty());
        assertTrue(find(adult().with(coded("mg", "magnesium", "250", 1, TODAY.minusDays(30))).with(egfr("52")).run(),
                CardType.KIDNEY_MAGNESIUM).isEmpty());
    }

    // facts.md "eGFR codes (LOINC)": "read all; each is an eGFR in mL/min/1.73 m²"
    @ParameterizedTest
    @ValueSource(strings = {"98979-8", "62238-1", "33914-3", "48642-3", "48643-1", "88293-6", "88294-4", "50044-7",
        "69405-9", "77147-7", "76633-7"})
    void everyEgfrCodeIsRead(String loinc) {
        Finding k = find(adult().with(coded("mg", "magnesium", "250", 1, TODAY.minusDays(30)))
                .with(egfr(loinc, "20")).run(), CardType.KIDNEY_MAGNESIUM).orElseThrow();
        assertEquals(Severity.WARNING, k.severity(), loinc);
    }

    // issue 12 item 2: "On order hooks at eGFR < 30, never suggest a lowered dose or a template: suggest not starting it"
    @Test
    void orderAtEgfrBelow30SuggestsNotStartingNeverALowerDose() {
        MedicationRequest draft = draftOrder("d1", "magnesium citrate", "200", 2);
        draft.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                org.chelate.terminology.codes.ChelateSystems.SUPPLEMENT, "magnesium", "magnesium")));
        List<Finding> f = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(30)))
                .with(egfr("22")).with(Fhir.problem("p", "Hypomagnesemia")).ordering(draft).run();
        Finding k = find(f, CardType.KIDNEY_MAGNESIUM).orElseThrow();
        assertTrue(k.summary().startsWith("Do not start magnesium: eGFR 22 (KDIGO G4)"), k.summary());
        assertTrue(k.summary().contains("non-magnesium alternative"), k.summary());
        FhirAction remove = k.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.DELETE, remove.type());
        assertEquals("MedicationRequest/d1", remove.resourceId());
        assertTrue(f.stream().flatMap(x -> x.suggestions().stream()).flatMap(s -> s.actions().stream())
                .noneMatch(a -> a.type() == FhirAction.Type.UPDATE), "no lowered dose anywhere: " + f);
        assertTrue(find(f, CardType.REGIMEN_TEMPLATE).isEmpty());
        assertTrue(find(f, CardType.UPPER_LIMIT).isPresent(), "500 mg/day still exceeds the UL");
    }

    // facts.md "Serum magnesium, severity": "symptoms of hypermagnesaemia appear above about 2 mmol/L"
    @Test
    void serum25MmolIsCriticalWithoutAnyMedication() {
        Finding s = find(adult().with(serumMg("2601-3", "2.5", "mmol/L", null, null)).run(), CardType.SERUM_MAGNESIUM)
                .orElseThrow();
        assertEquals(Severity.CRITICAL, s.severity());
        assertTrue(s.summary().startsWith("Serum magnesium 2.5 mmol/L: hypermagnesaemia"), s.summary());
        assertTrue(s.sources().stream().anyMatch(x -> x.id().startsWith("StatPearls")), s.sources().toString());
    }

    // facts.md "Serum magnesium, severity": "below 0.5 mmol/L is severe hypomagnesaemia"; "Unit conversion, mEq":
    // "mmol/L = mEq/L ÷ 2"
    @Test
    void severeLowAndMilliEquivalentsAreReadLabUnitFirst() {
        Finding low = find(adult().with(serumMg("2601-3", "0.45", "mmol/L", "0.70", "1.00")).run(),
                CardType.SERUM_MAGNESIUM).orElseThrow();
        assertEquals(Severity.CRITICAL, low.severity());
        assertTrue(low.summary().contains("severe hypomagnesaemia"), low.summary());
        Finding meq = find(adult().with(serumMg("2601-3", "5", "mEq/L", null, null)).run(), CardType.SERUM_MAGNESIUM)
                .orElseThrow();
        assertEquals(Severity.CRITICAL, meq.severity());
        assertTrue(meq.summary().startsWith("Serum magnesium 5 mEq/L (2.5 mmol/L)"), meq.summary());
        Finding mgdl = find(adult().with(serumMg("19123-9", "1.6", "mg/dL", "1.7", "2.2")).run(),
                CardType.SERUM_MAGNESIUM).orElseThrow();
        assertEquals(Severity.WARNING, mgdl.severity());
        assertTrue(mgdl.summary().startsWith("Serum magnesium 1.6 mg/dL (0.66 mmol/L) is below the lab's range"),
                mgdl.summary());
    }

    // facts.md "Serum magnesium, severity": "When the Observation carries the reporting lab's reference range, that
    // range decides low/high; 0.75 mmol/L (ODS) applies only when it has none" — and the regimen summary agrees
    @Test
    void theLabsRangeDecidesForTheCardAndTheSummaryAlike() {
        ObservationMapper summaryMapper = new ObservationMapper(RegimenSummaryService.defaultRanges(
                KnowledgePack.loadDefault()));
        Observation withinLabRange = serumMg("2601-3", "0.72", "mmol/L", "0.70", "1.00");
        assertTrue(find(adult().with(withinLabRange).run(), CardType.SERUM_MAGNESIUM).isEmpty());
        assertEquals(LabFlag.NORMAL, summaryMapper.map(List.of(withinLabRange)).labs().get(0).flag());
        Observation noRange = serumMg("2601-3", "0.72", "mmol/L", null, null);
        assertEquals(Severity.WARNING, find(adult().with(noRange).run(), CardType.SERUM_MAGNESIUM).orElseThrow()
                .severity());
        assertEquals(LabFlag.LOW, summaryMapper.map(List.of(noRange)).labs().get(0).flag());
        Observation highByLab = serumMg("2601-3", "0.98", "mmol/L", "0.70", "0.95");
        assertEquals(Severity.INFO, find(adult().with(highByLab).run(), CardType.SERUM_MAGNESIUM).orElseThrow()
                .severity(), "high, no magnesium taken, below 2 mmol/L");
        assertEquals(LabFlag.HIGH, summaryMapper.map(List.of(highByLab)).labs().get(0).flag());
    }

    // facts.md "Proton-pump inhibitors": "in about a quarter of reviewed cases supplementation alone did not correct it
    // and the PPI had to be stopped" (FDA-DSC 2011)
    @Test
    void lowMagnesiumOnAPpiNamesIt() {
        Finding c = find(adult().with(drug("ppi", "omeprazole 20 mg DR capsule"))
                .with(serumMg("2601-3", "0.6", "mmol/L", null, null)).run(), CardType.MAGNESIUM_DRUG_CAUSES).orElseThrow();
        assertEquals(Severity.INFO, c.severity());
        assertEquals("Low magnesium: omeprazole may cause it, supplements alone may fail: review the PPI", c.summary());
        assertTrue(c.detail().contains("omeprazole 20 mg DR capsule"), c.detail());
        assertTrue(c.sources().stream().anyMatch(s -> s.id().equals("FDA-DSC:PPI-magnesium-2011")));
        assertTrue(find(adult().with(drug("ppi", "omeprazole 20 mg")).with(serumMg("2601-3", "0.85", "mmol/L", null,
                null)).run(), CardType.MAGNESIUM_DRUG_CAUSES).isEmpty(), "normal magnesium: no cause to name");
    }

    // facts.md "Digoxin": "hypomagnesaemia predisposes to digoxin toxicity"; "Diuretics": "loop and thiazide diuretics
    // raise magnesium loss"
    @Test
    void lowMagnesiumWithDigoxinAndDiureticsWarns() {
        Finding c = find(adult().with(drug("dig", "digoxin 0.125 mg"), drug("furo", "furosemide 40 mg"),
                drug("hctz", "HCTZ 25 mg")).with(serumMg("2601-3", "0.62", "mmol/L", "0.70", "1.00")).run(),
                CardType.MAGNESIUM_DRUG_CAUSES).orElseThrow();
        assertEquals(Severity.WARNING, c.severity());
        assertEquals("Low magnesium raises digoxin toxicity risk; furosemide, HCTZ raise magnesium loss", c.summary());
        assertTrue(c.detail().contains("furosemide 40 mg") && c.detail().contains("HCTZ 25 mg"), c.detail());
        assertTrue(c.sources().stream().anyMatch(s -> s.id().equals("Label:digoxin-PI-warnings")));
    }

    // facts.md Timing table "thiazide diuretics": "raise urinary zinc loss (monitoring, not timing)"
    @Test
    void thiazideWithZincGetsAMonitoringNote() {
        Finding z = find(adult().with(coded("zn", "zinc", "15", 1, TODAY.minusDays(60)),
                drug("hctz", "hydrochlorothiazide 25 mg")).run(), CardType.ZINC_THIAZIDE).orElseThrow();
        assertEquals(Severity.INFO, z.severity());
        assertTrue(z.summary().endsWith("monitor zinc status"), z.summary());
        assertFalse(find(adult().with(drug("hctz", "hydrochlorothiazide 25 mg")).run(), CardType.ZINC_THIAZIDE)
                .isPresent(), "no zinc taken or measured: nothing to monitor");
    }
}
