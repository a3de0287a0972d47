package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Clinical.adult;
import static org.chelate.plugin.guidance.Clinical.asNeeded;
import static org.chelate.plugin.guidance.Clinical.child;
import static org.chelate.plugin.guidance.Clinical.course;
import static org.chelate.plugin.guidance.Clinical.egfr;
import static org.chelate.plugin.guidance.Clinical.find;
import static org.chelate.plugin.guidance.Clinical.noneAboveInfo;
import static org.chelate.plugin.guidance.Clinical.serumMg;
import static org.chelate.plugin.guidance.Clinical.withText;
import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.api.Test;

/** The pack's upper-limit severity policy (item 6), through the engine. */
class UpperLimitPolicyTest {

    private static Condition wilson() {
        return Clinical.coded("wd", Clinical.SNOMED, "88518009", "Wilson's disease");
    }

    /** Zinc acetate 50 mg (elemental, as the Galzin label states it) three times daily. */
    private static org.hl7.fhir.r4.model.MedicationStatement zincAcetateTid() {
        return withText(coded("zn", "zinc", "50", 3, TODAY.minusDays(400)), "Zinc acetate (Galzin) 50 mg zinc");
    }

    // facts.md: "zinc acetate at 50 mg three times daily is standard therapy for Wilson disease (a coded Wilson disease
    // problem means 'above the UL by design, specialist-managed', not an overdose)"; "penicillamine: separate zinc and
    // penicillamine by at least 2 h"
    @Test
    void wilsonDiseaseOnZincAcetateIsInfoNotWarning() {
        List<Finding> f = adult().with(zincAcetateTid()).with(wilson()).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.INFO, ul.severity());
        assertTrue(ul.summary().contains("Wilson disease: above the UL by design, specialist-managed"), ul.summary());
        assertTrue(ul.detail().contains("penicillamine by at least 2 h") && ul.detail().contains("trientine"));
        assertTrue(noneAboveInfo(f), f.toString());
        assertTrue(find(f, CardType.COPPER_MONITORING).isEmpty(), "copper is the specialist's, by design");
        assertTrue(find(f, CardType.REGIMEN_TEMPLATE).isEmpty());
        // by ICD-10-CM code too
        assertEquals(Severity.INFO, find(adult().with(zincAcetateTid())
                .with(Clinical.coded("wd", Clinical.ICD10CM, "E83.01", "Wilson's disease")).run(), CardType.UPPER_LIMIT)
                .orElseThrow().severity());
    }

    // facts.md "Reading an amount": a salt + number with no "as" is ambiguous; "a safety check must use the higher one
    // and say that the label should be checked". 400 mg twice daily: 112.8 mg if the salt's weight (14.1 %), 800 mg if
    // magnesium. Only the uncertain reading reaches 2x the UL of 350: a warning to check the label, not critical.
    @Test
    void anAmbiguousLabelIsWarnedOnItsHighReadingButNotCriticalOnIt() {
        Finding ul = find(child().with(Fhir.statement("g", "Magnesium glycinate", "400", 2, TODAY.minusDays(40))).run(),
                CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, ul.severity(), ul.summary());
        assertTrue(ul.summary().contains("may exceed"), ul.summary());
        Finding certain = find(child().with(coded("mg", "magnesium", "400", 2, TODAY.minusDays(40))).run(),
                CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.CRITICAL, certain.severity(), "800 mg stated as magnesium is certain: 2x the UL");
    }

    // issue 12 item 6: "Children and daily supplements keep their warnings"
    @Test
    void childrenKeepTheirWarnings() {
        Finding ul = find(child().with(coded("zn", "zinc", "25", 3, TODAY.minusDays(40))).with(wilson()).run(),
                CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.CRITICAL, ul.severity(), "75 mg/day at age 10 (UL 23): at least twice the UL");
        Finding daily = find(adult().with(coded("mg", "magnesium", "400", 2, TODAY.minusDays(40))).with(egfr("95"))
                .run(), CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.CRITICAL, daily.severity(), "800 mg/day regular magnesium: 2x the 350 mg UL");
        assertEquals(Severity.WARNING, find(adult().with(coded("mg", "magnesium", "200", 2, TODAY.minusDays(40)))
                .run(), CardType.UPPER_LIMIT).orElseThrow().severity());
    }

    // facts.md: "an as-needed magnesium laxative with normal kidney function exceeds the supplemental UL by intent (the
    // UL's critical effect is diarrhoea)"
    @Test
    void asNeededMagnesiumLaxativeWithNormalKidneyFunctionIsInfo() {
        // milk of magnesia 30 mL = 2400 mg magnesium hydroxide (41.7 %) = 1000.8 mg magnesium, at night when needed
        List<Finding> f = adult().with(asNeeded(coded("mom", "magnesium-hydroxide", "2400", 1, TODAY.minusDays(90))))
                .with(egfr("95")).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.INFO, ul.severity());
        assertTrue(ul.summary().contains("only as needed (laxative/antacid): above the UL by intent"), ul.summary());
        assertTrue(ul.summary().endsWith("eGFR 95, avoid daily use"), ul.summary());
        assertTrue(ul.sources().stream().anyMatch(s -> s.id().startsWith("OTC-Label")), ul.sources().toString());
        assertTrue(noneAboveInfo(f), f.toString());
        // not proven normal (G3a): the warning ladder stands
        assertEquals(Severity.CRITICAL, find(adult().with(asNeeded(coded("mom", "magnesium-hydroxide", "2400", 1,
                TODAY.minusDays(90)))).with(egfr("50")).run(), CardType.UPPER_LIMIT).orElseThrow().severity());
        // no eGFR on record: said so on the card
        Finding unknown = find(adult().with(asNeeded(coded("mom", "magnesium-hydroxide", "2400", 1,
                TODAY.minusDays(90)))).run(), CardType.UPPER_LIMIT).orElseThrow();
        assertTrue(unknown.summary().contains("no eGFR on record"), unknown.summary());
        // observations not obtained: nothing can be said about the kidneys, the warning ladder stands
        assertEquals(Severity.CRITICAL, find(adult().with(asNeeded(coded("mom", "magnesium-hydroxide", "2400", 1,
                TODAY.minusDays(90)))).with(egfr("95")).without(Input.OBSERVATIONS).run(), CardType.UPPER_LIMIT)
                .orElseThrow().severity());
    }

    // facts.md "Common-cold lozenges": "≥75 mg/day, for a short course (a short course above the UL is intended ...)"
    @Test
    void aShortColdLozengeCourseIsFramedAsSuch() {
        var lozenges = withText(coded("loz", "zinc", "13", 6, TODAY.minusDays(2)), "Zinc acetate lozenge 13 mg");
        Finding shortCourse = find(adult().with(course(lozenges, TODAY.minusDays(2), TODAY.plusDays(5))).run(),
                CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.INFO, shortCourse.severity());
        assertTrue(shortCourse.summary().contains("short cold-lozenge course (until " + TODAY.plusDays(5) + ")"),
                shortCourse.summary());
        var open = withText(coded("loz", "zinc", "13", 6, TODAY.minusDays(2)), "Zinc acetate lozenge 13 mg");
        Finding noEnd = find(adult().with(open).run(), CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, noEnd.severity(), "no recorded end: not known to be short");
        assertTrue(noEnd.detail().contains("If this is a short common-cold lozenge course"), noEnd.detail());
    }

    // issue 12 done-when: "a patient within every limit gets no card above info"
    @Test
    void aPatientWithinEveryLimitGetsNoCardAboveInfo() {
        List<Finding> f = adult().with(coded("mg", "magnesium-bisglycinate", "1000", 1, TODAY.minusDays(90)),
                coded("zn", "zinc", "15", 1, TODAY.minusDays(90)))
                .with(egfr("92"), serumMg("2601-3", "0.85", "mmol/L", "0.70", "1.00")).run();
        assertTrue(noneAboveInfo(f), f.toString());
    }
}
