package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Fhir.at;
import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.drugAt;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One case per row of the facts.md timing table ("Timing: separation from other medicines"), through the real mappers
 * and the engine; the row's sentence is in the comment next to each case.
 */
class InteractionTimingTest {

    private static Scenario adult() {
        return Scenario.of(patient("1970-03-02", AdministrativeGender.FEMALE));
    }

    private static Optional<Finding> timing(Scenario s) {
        List<Finding> timing = s.run().stream().filter(f -> f.type() == CardType.INTERACTION_TIMING).toList();
        assertTrue(timing.size() <= 1, timing.toString());
        return timing.stream().findFirst();
    }

    private static MedicationStatement zincAt(String... clock) {
        return at(coded("zn", "zinc", "25", clock.length, TODAY.minusDays(30)), clock);
    }

    private static MedicationStatement magnesiumAt(String... clock) {
        return at(coded("mg", "magnesium", "200", clock.length, TODAY.minusDays(30)), clock);
    }

    /**
     * drug text | drug clock time | supplement (zn or mg) | supplement clock time | severity | summary holds | source.
     */
    @ParameterizedTest(name = "{0} at {1}, {2} at {3}: {4}")
    @CsvSource(delimiter = '|', value = {
        // tetracyclines: "at least 2 h before or 4–6 h after the supplement" (ODS); a range is checked at its far end
        "doxycycline 100 mg | 13:00 | zn | 08:00 | WARNING | give \u22652 h before or 4\u20136 h after zinc | ODS-Zn",
        "minocycline 100 mg | 15:00 | mg | 08:00 | INFO | give \u22652 h before or 4\u20136 h after magnesium | ODS-Mg",
        "Seysara 100 mg | 06:30 | zn | 08:00 | WARNING | 1 h 30 min | ODS-Zn",
        // ciprofloxacin: "at least 2 h before or 6 h after products containing magnesium ... or zinc" (CIPRO PI §2.4)
        "Cipro 500 mg tablet | 14:00 | zn | 09:00 | WARNING | Ciprofloxacin and zinc only 5 h apart | Label:CIPRO-PI-2.4",
        "ciprofloxacin 500 mg | 16:00 | zn | 09:00 | INFO | Ciprofloxacin: give \u22652 h before or \u22656 h after zinc (recorded times keep it) | Label:CIPRO-PI-2.4",
        // moxifloxacin: "at least 4 h before or 8 h after" (moxifloxacin PI §2.2)
        "Avelox 400 mg | 15:00 | mg | 08:00 | WARNING | give \u22654 h before or \u22658 h after magnesium | Label:MOXIFLOXACIN-PI-2.2",
        "moxifloxacin 400 mg | 05:00 | mg | 08:00 | WARNING | only 3 h apart | Label:MOXIFLOXACIN-PI-2.2",
        // levofloxacin: "at least 2 h before or 2 h after" (levofloxacin PI §2.4): 3 h after zinc is no clash
        "levofloxacin 750 mg | 11:00 | zn | 08:00 | INFO | Levofloxacin: keep \u22652 h apart from zinc | Label:LEVOFLOXACIN-PI-2.4",
        // other oral fluoroquinolones: "at least 2 h before or 4–6 h after" (ODS), far end 6 h
        "ofloxacin 400 mg | 12:00 | zn | 08:00 | WARNING | Ofloxacin and zinc only 4 h apart | ODS-Zn",
        // levothyroxine: "at least 4 h before or after" (TIROSINT-SOL PI §2.1; SYNTHROID PI §7.1)
        "Synthroid 100 mcg | 07:00 | mg | 10:00 | WARNING | keep \u22654 h apart from magnesium | Label:TIROSINT-SOL-PI-2.1",
        "levothyroxine 100 mcg | 06:00 | mg | 21:00 | INFO | Levothyroxine: keep \u22654 h apart from magnesium | Label:TIROSINT-SOL-PI-2.1",
        // dolutegravir: "2 h before or 6 h after ... mineral supplements" (TIVICAY PI)
        "Tivicay 50 mg | 12:00 | zn | 08:00 | WARNING | give \u22652 h before or \u22656 h after zinc | Label:TIVICAY-PI",
        // bictegravir: "at least 2 h before or 6 h after antacids containing aluminium/magnesium" (BIKTARVY PI)
        "Biktarvy | 09:00 | mg | 08:00 | WARNING | give \u22652 h before or \u22656 h after magnesium | Label:BIKTARVY-PI",
        // oral cabotegravir: "antacids ... at least 2 h before or 4 h after" it (VOCABRIA PI): drug 3 h after is fine
        "Vocabria 30 mg | 11:00 | mg | 08:00 | INFO | Cabotegravir: give \u22654 h before or \u22652 h after magnesium | Label:VOCABRIA-PI",
        "Vocabria 30 mg | 08:00 | mg | 11:00 | WARNING | only 3 h apart | Label:VOCABRIA-PI",
        // eltrombopag: "at least 2 h before or 4 h after ... polyvalent cations" (PROMACTA PI)
        "Promacta 50 mg | 11:00 | zn | 08:00 | WARNING | give \u22652 h before or \u22654 h after zinc | Label:PROMACTA-PI",
        "Promacta 50 mg | 06:00 | zn | 08:00 | INFO | Eltrombopag: give \u22652 h before or \u22654 h after zinc | Label:PROMACTA-PI",
        // deferiprone: "at least 4 h apart from ... polyvalent cations such as iron, aluminium or zinc" (FERRIPROX PI)
        "Ferriprox 1000 mg | 10:00 | zn | 08:00 | WARNING | keep \u22654 h apart from zinc | Label:FERRIPROX-PI",
        // penicillamine: "separate zinc and penicillamine by at least 2 h" (ODS-Zn)
        "penicillamine 250 mg | 09:00 | zn | 08:00 | WARNING | keep \u22652 h apart from zinc | ODS-Zn",
        "penicillamine 250 mg | 12:00 | zn | 08:00 | INFO | Penicillamine: keep \u22652 h apart from zinc | ODS-Zn",
    })
    void eachTimingRowWithClockTimes(String drugText, String drugTime, String mineral, String supplementTime,
                                     Severity severity, String summaryPart, String source) {
        MedicationStatement supplement = mineral.equals("zn") ? zincAt(supplementTime) : magnesiumAt(supplementTime);
        Finding f = timing(adult().with(supplement, drugAt("d", drugText, drugTime))).orElseThrow();
        assertEquals(severity, f.severity(), f.summary());
        assertTrue(f.summary().contains(summaryPart), f.summary());
        assertEquals(source, f.sources().get(0).id());
        assertFalse(f.detail().toLowerCase().contains("verify") || f.detail().contains("facts.md"), f.detail());
    }

    @Test
    void bisphosphonateComesFirstFastingAndCollidesInTheSameMorning() {
        // "the bisphosphonate first, fasting, with plain water, ≥ 30 min (alendronate, risedronate) or ≥ 60 min
        // (ibandronate) before any food, drink or other medicine; magnesium, zinc ... at a different time of day,
        // at least 2 h apart" (FOSAMAX PI §2.6, §7.1; ACTONEL PI §2.7; ibandronate PI §2.2; ODS-Mg)
        Finding f = timing(adult().with(coded("mg", "magnesium", "200", 1, TODAY.minusDays(9), EventTiming.MORN),
                drug("fos", "Fosamax 70 mg", EventTiming.WAKE))).orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("Alendronate and magnesium both in the morning: "), f.summary());
        assertTrue(f.summary().contains("take it first, fasting, \u226530 min before food/medicines"), f.summary());
        assertEquals(List.of("Label:FOSAMAX-PI-2.6", "Label:FOSAMAX-PI-7.1", "ODS-Mg"),
                f.sources().stream().map(s -> s.id()).toList());
        Finding iban = timing(adult().with(zincAt("20:00"), drugAt("bon", "Boniva 150 mg", "06:00"))).orElseThrow();
        assertEquals(Severity.INFO, iban.severity(), "taken first, 10 h before the zinc");
        assertTrue(iban.summary().startsWith("Ibandronate: take it first, fasting, \u226560 min before food"),
                iban.summary());
        Finding zincFirst = timing(adult().with(zincAt("06:00"), drugAt("act", "Actonel 35 mg", "07:00")))
                .orElseThrow();
        assertEquals(Severity.WARNING, zincFirst.severity(), "zinc an hour before risedronate: not first, fasting");
        assertEquals("Label:ACTONEL-PI-2.7", zincFirst.sources().get(0).id());
    }

    @Test
    void raltegravirWithMagnesiumIsNotRecommendedEvenStaggered() {
        // "aluminium- and/or magnesium-containing antacids not recommended, together or staggered" (ISENTRESS PI)
        Finding f = timing(adult().with(magnesiumAt("08:00"), drugAt("ral", "Isentress 400 mg", "20:00")))
                .orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("Raltegravir: magnesium-containing antacids not recommended, even staggered", f.summary());
        assertEquals("Label:ISENTRESS-PI", f.sources().get(0).id());
        assertTrue(timing(adult().with(zincAt("08:00"), drugAt("ral", "raltegravir 400 mg", "20:00"))).isEmpty(),
                "the label row is about aluminium and magnesium");
    }

    @Test
    void eventCodesOfTheSamePartOfTheDayClashUnlessClockTimesProveTheSeparation() {
        Finding evening = timing(adult().with(coded("mg", "magnesium", "200", 1, TODAY.minusDays(9), EventTiming.HS),
                drug("dtg", "dolutegravir 50 mg", EventTiming.CV))).orElseThrow();
        assertEquals(Severity.WARNING, evening.severity());
        assertTrue(evening.summary().contains("both in the evening (CV / HS)"), evening.summary());
        Finding apart = timing(adult().with(coded("mg", "magnesium", "200", 1, TODAY.minusDays(9), EventTiming.HS),
                drug("dtg", "dolutegravir 50 mg", EventTiming.MORN))).orElseThrow();
        assertEquals(Severity.INFO, apart.severity());
        assertTrue(apart.detail().contains("different parts of the day"), apart.detail());
        Finding clockInPart = timing(adult().with(magnesiumAt("21:30"),
                drug("dtg", "dolutegravir 50 mg", EventTiming.HS))).orElseThrow();
        assertEquals(Severity.WARNING, clockInPart.severity(), "21:30 is in the evening, like HS");
    }

    @Test
    void noRecordedTimesGiveInfoAdvice() {
        Finding f = timing(adult().with(coded("zn", "zinc", "25", 1, TODAY.minusDays(9)),
                drug("c", "ciprofloxacin 500 mg"))).orElseThrow();
        assertEquals(Severity.INFO, f.severity());
        assertEquals("Ciprofloxacin: give \u22652 h before or \u22656 h after zinc", f.summary());
        assertTrue(f.detail().contains("route not recorded, read as oral"), f.detail());
        assertTrue(f.detail().contains("No time of day is recorded for Ciprofloxacin 500 mg, zinc: the separation "
                + "cannot be checked"), f.detail());
        Finding supplementUntimed = timing(adult().with(coded("zn", "zinc", "25", 1, TODAY.minusDays(9)),
                drugAt("c", "ciprofloxacin 500 mg", "08:00"))).orElseThrow();
        assertTrue(supplementUntimed.detail().contains("No time of day is recorded for zinc:"),
                supplementUntimed.detail());
    }

    @Test
    void nonOralFormsGetNoTimingCard() {
        // "These are about oral forms of the drug; an IV or topical drug does not chelate in the gut."
        assertTrue(timing(adult().with(zincAt("08:00"),
                drugAt("iv", "ciprofloxacin 400 MG in 200 ML Injection", "08:00"))).isEmpty());
        assertTrue(timing(adult().with(zincAt("08:00"),
                drugAt("eye", "moxifloxacin 0.5% ophthalmic solution", "08:00"))).isEmpty());
        MedicationRequest ivOrder = draftOrder("levo-iv", "levofloxacin 750 mg", "750", 1);
        ivOrder.getDosageInstructionFirstRep().setRoute(new CodeableConcept(new Coding("http://snomed.info/sct",
                "47625008", "Intravenous route")));
        assertTrue(timing(adult().with(zincAt("08:00")).ordering(ivOrder)).isEmpty(), "coded IV route");
        MedicationRequest oralOrder = draftOrder("levo-po", "levofloxacin 750 mg", "750", 1);
        oralOrder.getDosageInstructionFirstRep().setRoute(new CodeableConcept(new Coding("http://snomed.info/sct",
                "26643006", "Oral route")));
        Finding oral = timing(adult().with(zincAt("08:00")).ordering(oralOrder)).orElseThrow();
        assertTrue(oral.detail().contains("(oral, being ordered, MedicationRequest/levo-po)"), oral.detail());
    }

    @Test
    void zincLozengesEveryFewHoursMakeSeparationImpractical() {
        // "separation from an interacting antibiotic is impractical when lozenges are taken every 2–3 h" (ODS-Zn)
        MedicationStatement lozenges = coded("loz", "zinc", "13", 6, TODAY.minusDays(1));
        lozenges.getMedicationCodeableConcept().setText("Zinc lozenge 13 mg");
        Finding f = timing(adult().with(lozenges, drugAt("cipro", "ciprofloxacin 500 mg", "08:00", "20:00")))
                .orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.summary().contains("impractical with zinc lozenges every few hours"), f.summary());
        assertTrue(f.sources().stream().anyMatch(s -> s.id().equals("ODS-Zn")));
        assertTrue(f.detail().contains("Zinc lozenge 13 mg"), f.detail());
    }

    @Test
    void atcCodedDrugIsRecognised() {
        MedicationStatement coded = drugAt("atc", "", "12:00");
        coded.setMedication(new CodeableConcept(new Coding(ChelateSystems.ATC, "J01MA02", null)));
        Finding f = timing(adult().with(zincAt("08:00"), coded)).orElseThrow();
        assertEquals("Label:CIPRO-PI-2.4", f.sources().get(0).id());
    }
}
