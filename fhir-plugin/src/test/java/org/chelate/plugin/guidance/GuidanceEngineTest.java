package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.drugAt;
import static org.chelate.plugin.guidance.Fhir.lab;
import static org.chelate.plugin.guidance.Fhir.labWithRange;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Fhir.pregnancyStatus;
import static org.chelate.plugin.guidance.Fhir.problem;
import static org.chelate.plugin.guidance.Fhir.score;
import static org.chelate.plugin.guidance.Fhir.statement;
import static org.chelate.plugin.guidance.Fhir.textOnly;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.LabCode;
import org.chelate.terminology.codes.LabCodes;
import org.chelate.terminology.codes.LabKind;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidanceEngineTest {

    private static final String ADULT_BIRTH = "1984-05-10";
    private static final String CHILD_OF_SIX_BIRTH = "2020-06-01";

    @TempDir
    Path dir;

    private static Optional<Finding> find(List<Finding> findings, CardType type) {
        return findings.stream().filter(f -> f.type() == type).findFirst();
    }

    private static Scenario adult() {
        return Scenario.of(patient(ADULT_BIRTH, AdministrativeGender.FEMALE));
    }

    // --- upper limits ---------------------------------------------------------------------------------------------

    @Test
    void adultMagnesiumWithinUlGivesNoUlCard() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "300", 1, TODAY.minusDays(20))).run();
        assertTrue(find(f, CardType.UPPER_LIMIT).isEmpty(), f.toString());
    }

    @Test
    void adultMagnesiumAboveSupplementalUlIsWarning() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "200", 2, TODAY.minusDays(20))).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, ul.severity());
        assertTrue(ul.summary().contains("400 mg/day"), ul.summary());
        assertTrue(ul.summary().contains("supplemental UL of 350 mg/day"), ul.summary());
        assertTrue(ul.detail().contains("supplements and medicines only"));
        assertTrue(ul.detail().contains("Pregnancy status unknown"), "unknown pregnancy is said: " + ul.detail());
        assertEquals("ODS-Mg", ul.sources().get(0).id());
    }

    @Test
    void atTwiceTheUlIsCritical() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "350", 2, TODAY.minusDays(20))).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.CRITICAL, ul.severity());
        assertEquals(ul, f.get(0), "most severe first");
    }

    @Test
    void zincUlIsForTotalIntakeAndSaysDietAdds() {
        List<Finding> f = adult().with(coded("zn", "zinc", "25", 2, TODAY.minusDays(20))).run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, ul.severity());
        assertTrue(ul.summary().contains("total UL of 40 mg/day"), ul.summary());
        assertTrue(ul.detail().contains("counts food and supplements together"));
    }

    @Test
    void childOfSixHasAgeSpecificUls() {
        Scenario child = Scenario.of(patient(CHILD_OF_SIX_BIRTH, AdministrativeGender.MALE))
                .with(coded("zn", "zinc", "15", 1, TODAY.minusDays(10)), coded("mg", "magnesium", "100", 1,
                        TODAY.minusDays(10)))
                .with(problem("c1", "Magnesium supplementation"));
        assertEquals(6, child.picture().profile().ageYears());
        List<Finding> f = child.run();
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertTrue(ul.summary().startsWith("Zinc 15 mg/day"), ul.summary());
        assertTrue(ul.summary().contains("UL of 12 mg/day"), ul.summary());
        assertEquals(1, f.stream().filter(x -> x.type() == CardType.UPPER_LIMIT).count(), "Mg 100 < 110: no card");
        assertTrue(find(f, CardType.REGIMEN_TEMPLATE).isEmpty(), "template zinc 15 mg exceeds a 6-year-old's UL");
    }

    @Test
    void pregnancyIsReadFromLoincObservationAndUlStaysByAge() {
        Scenario s = adult().with(coded("zn", "zinc", "45", 1, TODAY.minusDays(10)))
                .with(pregnancyStatus("LA15173-0", "Pregnant", TODAY.minusDays(30)));
        assertEquals(PregnancyStatus.KNOWN_PREGNANT, s.picture().profile().pregnancy());
        Finding ul = find(s.run(), CardType.UPPER_LIMIT).orElseThrow();
        assertTrue(ul.summary().contains("40 mg/day"));
        assertFalse(ul.detail().toLowerCase().contains("pregnancy status unknown"));
        Scenario notPregnant = adult().with(pregnancyStatus("LA26683-5", "Not pregnant", TODAY.minusDays(3)));
        assertEquals(PregnancyStatus.NOT_PREGNANT, notPregnant.picture().profile().pregnancy());
        Scenario byCondition = adult().with(problem("preg", "Pregnancy, 20 weeks"));
        assertEquals(PregnancyStatus.KNOWN_PREGNANT, byCondition.picture().profile().pregnancy());
    }

    @Test
    void infantMagnesiumSupplementHasNoEstablishedUl() {
        Scenario infant = Scenario.of(patient(TODAY.minusMonths(5).toString(), AdministrativeGender.FEMALE))
                .with(coded("mg", "magnesium", "20", 1, TODAY.minusDays(3)));
        Finding f = find(infant.run(), CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.detail().contains("food or formula only"), f.detail());
    }

    // --- elemental display, text-only and unreadable records ------------------------------------------------------

    @Test
    void saltWeightRecordsShowTheElementalAmount() {
        List<Finding> f = adult().with(coded("mg", "magnesium-bisglycinate", "500", 1, TODAY.minusDays(5)),
                coded("zn", "zinc-gluconate", "100", 1, TODAY.minusDays(5))).run();
        Finding e = find(f, CardType.ELEMENTAL_AMOUNT).orElseThrow();
        assertEquals(Severity.INFO, e.severity());
        assertTrue(e.detail().contains("500 mg magnesium bisglycinate \u2248 70.5 mg magnesium per dose"), e.detail());
        assertTrue(e.detail().contains("100 mg zinc gluconate \u2248 14.4 mg zinc per dose"), e.detail());
        assertTrue(e.summary().contains("(+1 more)"));
        assertTrue(find(f, CardType.UPPER_LIMIT).isEmpty(), "70.5 mg Mg is within the UL");
    }

    @Test
    void textOnlyRecordsAreReadFromTextOrListedAsUnreadable() {
        List<Finding> f = adult().with(statement("t1", "magnesium bisglycinate", "500", 1, TODAY.minusDays(9)),
                textOnly("t2", "Zinc", "zinc lozenges when I have a cold")).run();
        assertTrue(find(f, CardType.ELEMENTAL_AMOUNT).orElseThrow().detail().contains("70.5 mg magnesium"));
        Finding unread = find(f, CardType.UNREADABLE_RECORDS).orElseThrow();
        assertTrue(unread.detail().contains("MedicationStatement/t2"), unread.detail());
        // "magnesium bisglycinate" 500 mg with no "as": 70.5 mg if the salt's weight, 500 mg if magnesium (facts.md)
        Finding ul = find(f, CardType.UPPER_LIMIT).orElseThrow();
        assertEquals("Magnesium 70.5\u2013500 mg/day may exceed the supplemental UL of 350 mg/day; check the label's "
                + "'Magnesium (as \u2026)' line", ul.summary());
    }

    @Test
    void emptyRecordGivesNoFindings() {
        assertEquals(List.of(), adult().run());
        assertEquals(List.of(), Scenario.of(null).run(), "no patient, no record: nothing to stand behind");
    }

    @Test
    void implausibleDoseIsLeftOutOfTotalsAndNamedWhileOtherCardsStay() {
        List<Finding> f = adult().with(coded("zn", "zinc", "1000000000", 1, TODAY.minusDays(1)),
                coded("mg", "magnesium", "500", 1, TODAY.minusDays(1))).run();
        Finding typo = find(f, CardType.IMPLAUSIBLE_RECORD).orElseThrow();
        assertEquals(Severity.WARNING, typo.severity());
        assertTrue(typo.detail().contains("MedicationStatement/zn"), typo.detail());
        assertTrue(find(f, CardType.UPPER_LIMIT).orElseThrow().summary().startsWith("Magnesium"), "the other card stays");
    }

    // --- interactions ---------------------------------------------------------------------------------------------

    @Test
    void doxycyclineAndZincAtBreakfastCollide() {
        List<Finding> f = adult().with(coded("zn", "zinc", "25", 1, TODAY.minusDays(30), EventTiming.CM),
                drug("doxy", "doxycycline 100 mg", EventTiming.CM)).run();
        Finding t = find(f, CardType.INTERACTION_TIMING).orElseThrow();
        assertEquals(Severity.WARNING, t.severity());
        assertTrue(t.summary().startsWith("Timing clash"), t.summary());
        assertTrue(t.summary().contains("breakfast"), t.summary());
        assertTrue(t.summary().contains("\u22652 h before or 4\u20136 h after"), t.summary());
        assertTrue(t.detail().contains("Recorded times collide"));
        assertEquals(List.of("ODS-Zn"), t.sources().stream().map(s -> s.id()).toList(), "only zinc is taken");
    }

    @Test
    void separatedClockTimesGiveTimingCardWithoutCollision() {
        List<Finding> f = adult().with(Fhir.at(coded("zn", "zinc", "25", 1, TODAY.minusDays(30)), "20:00:00"),
                drugAt("doxy", "doxycycline 100 mg", "08:00:00")).run();
        Finding t = find(f, CardType.INTERACTION_TIMING).orElseThrow();
        assertFalse(t.summary().contains("clash"), t.summary());
        assertFalse(t.detail().contains("collide"));
    }

    @Test
    void clockTimesTooCloseCollide() {
        List<Finding> f = adult().with(Fhir.at(coded("zn", "zinc", "25", 1, TODAY.minusDays(30)), "08:00:00"),
                drugAt("doxy", "doxycycline 100 mg", "11:00:00")).run();
        Finding t = find(f, CardType.INTERACTION_TIMING).orElseThrow();
        assertTrue(t.detail().contains("only 3 h after the supplement"), t.detail());
    }

    @Test
    void drugBeingOrderedGetsItsOwnLabelIntervalAsAdvice() {
        MedicationRequest cipro = draftOrder("cipro", "ciprofloxacin 500 mg", "500", 2);
        List<Finding> f = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(30)))
                .ordering(cipro).run();
        Finding t = find(f, CardType.INTERACTION_TIMING).orElseThrow();
        assertTrue(t.detail().contains("being ordered"));
        assertEquals("Label:CIPRO-PI-2.4", t.sources().get(0).id(), "the drug's own label replaces the class rule");
        assertEquals(Severity.INFO, t.severity(), "no times recorded: advice");
    }

    @Test
    void penicillamineOnlyConcernsZinc() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(30)),
                drug("pen", "penicillamine 250 mg", EventTiming.MORN)).run();
        assertTrue(find(f, CardType.INTERACTION_TIMING).isEmpty());
    }

    @Test
    void magnesiumZincSameTimeNoteIsOffByDefaultAndOnWhenEnabled() throws IOException {
        Scenario s = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(30), EventTiming.HS),
                coded("zn", "zinc", "10", 1, TODAY.minusDays(30), EventTiming.HS));
        assertTrue(find(s.run(), CardType.MG_ZN_SAME_TIME).isEmpty());
        KnowledgePack enabled = pack(root -> ((ObjectNode) root.get("notes").get(0)).put("enabled", true));
        Finding note = find(s.run(enabled), CardType.MG_ZN_SAME_TIME).orElseThrow();
        assertEquals(Severity.INFO, note.severity());
        assertTrue(note.detail().contains("142 mg/day"));
    }

    // --- copper monitoring ----------------------------------------------------------------------------------------

    static LabCodes verifiedCopperLoinc() {
        List<LabCode> codes = new ArrayList<>(LabCodes.standard().all().stream()
                .filter(c -> c.kind() != LabKind.SERUM_COPPER).toList());
        codes.add(new LabCode(ChelateSystems.LOINC, "5631-7", "Copper [Mass/volume] in Serum or Plasma",
                LabKind.SERUM_COPPER, true));
        return new LabCodes(codes);
    }

    @Test
    void chronicHighZincWithoutCopperLabSuggestsCopperTest() {
        Scenario s = adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(12)));
        Finding c = find(s.run(KnowledgePack.loadDefault(), verifiedCopperLoinc()), CardType.COPPER_MONITORING)
                .orElseThrow();
        assertEquals(Severity.WARNING, c.severity());
        assertTrue(c.summary().contains("12 weeks"), c.summary());
        FhirAction action = c.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.CREATE, action.type());
        ServiceRequest sr = (ServiceRequest) action.resource();
        assertEquals("5631-7", sr.getCode().getCodingFirstRep().getCode());
        assertEquals("Patient/" + Fhir.PATIENT_ID, sr.getSubject().getReference());
        assertEquals(List.of(), FhirValidation.errors(sr));
    }

    @Test
    void copperSuggestionOnlyWithVerifiedLoinc() {
        Scenario s = adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(12)));
        boolean verified = LabCodes.standard().codesFor(LabKind.SERUM_COPPER).stream()
                .anyMatch(c -> ChelateSystems.LOINC.equals(c.system()) && c.verified());
        Finding c = find(s.run(), CardType.COPPER_MONITORING).orElseThrow();
        assertEquals(verified, !c.suggestions().isEmpty());
        if (!verified) {
            assertTrue(c.detail().contains("No verified LOINC code"));
        }
    }

    @Test
    void noCopperCardWhenLabOnRecordOrIntakeTooShortOrLow() {
        LabCodes codes = verifiedCopperLoinc();
        KnowledgePack pack = KnowledgePack.loadDefault();
        assertTrue(find(adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(12)))
                .with(lab("cu", "5631-7", "90", "ug/dL", TODAY.minusWeeks(2))).run(pack, codes),
                CardType.COPPER_MONITORING).isEmpty());
        assertTrue(find(adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(4))).run(pack, codes),
                CardType.COPPER_MONITORING).isEmpty());
        assertTrue(find(adult().with(coded("zn", "zinc", "30", 1, TODAY.minusWeeks(40))).run(pack, codes),
                CardType.COPPER_MONITORING).isEmpty());
        // two 25 mg regimens: high intake only since the second started 11 weeks ago
        Finding f = find(adult().with(coded("a", "zinc", "25", 1, TODAY.minusWeeks(30)),
                coded("b", "zinc", "25", 1, TODAY.minusWeeks(11))).run(pack, codes), CardType.COPPER_MONITORING)
                .orElseThrow();
        assertTrue(f.summary().contains("11 weeks"), f.summary());
    }

    // --- labs -----------------------------------------------------------------------------------------------------

    @Test
    void serumMagnesiumOutsideOdsRange() {
        Finding low = find(adult().with(lab("mg", "2601-3", "0.62", "mmol/L", TODAY.minusDays(2))).run(),
                CardType.SERUM_MAGNESIUM).orElseThrow();
        assertEquals(Severity.WARNING, low.severity());
        assertTrue(low.summary().contains("0.62 mmol/L") && low.summary().contains("0.75\u20130.95"), low.summary());
        Finding high = find(adult().with(lab("mg", "19123-9", "2.8", "mg/dL", TODAY.minusDays(2))).run(),
                CardType.SERUM_MAGNESIUM).orElseThrow();
        assertEquals(Severity.INFO, high.severity(), "high without a magnesium supplement is information");
        assertTrue(high.summary().contains("1.15 mmol/L"), high.summary());
        assertTrue(find(adult().with(lab("mg", "2601-3", "0.85", "mmol/L", TODAY)).run(),
                CardType.SERUM_MAGNESIUM).isEmpty());
    }

    @Test
    void lowZincAndCopperUseTheLabsOwnRange() {
        List<Finding> f = adult().with(coded("zn", "zinc", "50", 1, TODAY.minusWeeks(3)))
                .with(labWithRange("zn", "5763-8", "55", "ug/dL", "60", "120", TODAY.minusDays(1)),
                        labWithRange("cu", "5631-7", "60", "ug/dL", "70", "140", TODAY.minusDays(1))).run();
        Finding zinc = find(f, CardType.SERUM_ZINC).orElseThrow();
        assertTrue(zinc.summary().contains("55 ug/dL") && zinc.summary().contains("60\u2013120"), zinc.summary());
        assertTrue(zinc.detail().contains("facts.md holds no serum zinc reference range"));
        Finding copper = find(f, CardType.SERUM_COPPER).orElseThrow();
        assertEquals(Severity.WARNING, copper.severity(), "low copper on zinc supplements");
        assertTrue(copper.detail().contains("copper deficiency"));
        // without a range or the lab's flag there is nothing to compare with: no card
        assertTrue(find(adult().with(lab("zn", "5763-8", "55", "ug/dL", TODAY)).run(), CardType.SERUM_ZINC).isEmpty());
        // the lab's own "low" interpretation without a range: said as such, no range invented
        org.hl7.fhir.r4.model.Observation flagged = lab("zn2", "5763-8", "55", "ug/dL", TODAY);
        flagged.addInterpretation(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "L", "Low")));
        Finding byFlag = find(adult().with(flagged).run(), CardType.SERUM_ZINC).orElseThrow();
        assertTrue(byFlag.summary().endsWith("is flagged low by the lab"), byFlag.summary());
    }

    // --- symptom response, templates -----------------------------------------------------------------------------

    @Test
    void symptomResponseIsDataNotAPromise() {
        Finding r = find(adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusWeeks(8)))
                .with(score("s0", "72514-3", 7, TODAY.minusWeeks(9)), score("s1", "72514-3", 4, TODAY.minusDays(1)))
                .run(), CardType.SYMPTOM_RESPONSE).orElseThrow();
        assertEquals(Severity.INFO, r.severity());
        assertTrue(r.summary().contains("7 \u2192 4"), r.summary());
        assertTrue(r.detail().contains("-3 points"));
        assertTrue(r.detail().contains("do not show that the supplement caused the change"));
        String all = (r.summary() + r.detail()).toLowerCase();
        assertFalse(all.contains("will improve") || all.contains("expected improvement") || all.contains("effective"));
    }

    @Test
    void templatesOnlyWhenPrompted() {
        assertTrue(find(adult().run(), CardType.REGIMEN_TEMPLATE).isEmpty(), "never unprompted");
        Finding t = find(adult().with(problem("c", "Hypomagnesemia")).run(), CardType.REGIMEN_TEMPLATE).orElseThrow();
        assertTrue(t.detail().contains("80\u2013100 mg/day"));
        assertTrue(t.detail().contains("10\u201315 mg/day"));
        assertTrue(t.detail().contains("not evidence of benefit"));
        // 200 mg "magnesium citrate" is within the UL on both readings (32.4 or 200 mg): nothing above info, so the
        // template may show; 500 mg would draw an upper-limit warning on the high reading, and no template beside it
        assertTrue(find(adult().ordering(draftOrder("d", "magnesium citrate", "200", 1)).run(),
                CardType.REGIMEN_TEMPLATE).isPresent());
        assertTrue(find(adult().ordering(draftOrder("d", "magnesium citrate", "500", 1)).run(),
                CardType.REGIMEN_TEMPLATE).isEmpty());
    }

    // --- order-sign: suggestion fixes the UL warning ---------------------------------------------------------------

    @Test
    void applyingTheOrderSignSuggestionRemovesTheUlWarning() {
        MedicationRequest draft = draftOrder("draft-1", "magnesium", "200", 2);
        draft.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                ChelateSystems.SUPPLEMENT, "magnesium", "magnesium")));
        Scenario before = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(60))).ordering(draft);
        Finding ul = find(before.run(), CardType.UPPER_LIMIT).orElseThrow();
        assertEquals(Severity.WARNING, ul.severity());
        assertTrue(ul.detail().contains("being ordered"));
        FhirAction update = ul.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.UPDATE, update.type());
        MedicationRequest updated = (MedicationRequest) update.resource();
        assertEquals("draft-1", updated.getIdElement().getIdPart());
        assertEquals(0, updated.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue()
                .compareTo(new java.math.BigDecimal("125")), "(350 - 100) / 2 per dose");
        assertEquals(List.of(), FhirValidation.errors(updated));
        Scenario after = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(60))).ordering(updated);
        assertTrue(find(after.run(), CardType.UPPER_LIMIT).isEmpty(), "the suggestion keeps the total within the UL");
    }

    @Test
    void saltWeightDraftIsNeverLoweredToASaltWeightThatIsNotAStrength() {
        // one 220 mg zinc sulfate capsule (50 mg zinc) with 15 mg already taken cannot fit 40 mg: removal, not 110 mg
        MedicationRequest draft = draftOrder("draft-2", "zinc", "220", 1);
        draft.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                ChelateSystems.SUPPLEMENT, "zinc-sulfate-heptahydrate", "zinc sulfate heptahydrate")));
        Scenario before = adult().with(coded("zn", "zinc", "15", 1, TODAY.minusDays(60))).ordering(draft);
        Finding ul = find(before.run(), CardType.UPPER_LIMIT).orElseThrow();
        FhirAction action = ul.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.DELETE, action.type());
        assertEquals("MedicationRequest/draft-2", action.resourceId());
    }

    @Test
    void draftThatCannotFitIsSuggestedForRemoval() {
        MedicationRequest draft = draftOrder("draft-3", "magnesium", "100", 1);
        draft.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                ChelateSystems.SUPPLEMENT, "magnesium", "magnesium")));
        Finding ul = find(adult().with(coded("mg", "magnesium", "400", 1, TODAY.minusDays(60))).ordering(draft).run(),
                CardType.UPPER_LIMIT).orElseThrow();
        FhirAction action = ul.suggestions().get(0).actions().get(0);
        assertEquals(FhirAction.Type.DELETE, action.type());
        assertEquals("MedicationRequest/draft-3", action.resourceId());
    }

    // --- engine behaviour -----------------------------------------------------------------------------------------

    @Test
    void rulesWhoseInputIsUnavailableAreSkipped() {
        Scenario s = adult().with(coded("mg", "magnesium", "400", 1, TODAY.minusDays(60)))
                .with(lab("mg", "2601-3", "0.62", "mmol/L", TODAY.minusDays(2))).without(Input.OBSERVATIONS);
        List<Finding> f = s.run();
        assertTrue(find(f, CardType.UPPER_LIMIT).isPresent());
        assertTrue(find(f, CardType.SERUM_MAGNESIUM).isEmpty());
    }

    @Test
    void pastTheDeadlineNoRuleStarts() {
        PatientPicture p = adult().with(coded("mg", "magnesium", "400", 1, TODAY.minusDays(60))).picture();
        GuidanceEngine engine = new GuidanceEngine(KnowledgePack.loadDefault(), LabCodes.standard());
        java.time.Instant deadline = java.time.Instant.parse("2026-11-25T10:00:00Z");
        assertEquals(List.of(), engine.evaluate(p, () -> deadline.plusMillis(1), deadline));
        assertFalse(engine.evaluate(p, () -> deadline, deadline).isEmpty());
    }

    @Test
    void findingsAreOrderedBySeverityAndUnique() {
        List<Finding> f = adult().with(coded("mg", "magnesium", "400", 2, TODAY.minusDays(60), EventTiming.CM),
                coded("zn", "zinc", "20", 1, TODAY.minusDays(60), EventTiming.CM),
                drug("doxy", "doxycycline 100 mg", EventTiming.CM))
                .with(lab("mg", "2601-3", "0.62", "mmol/L", TODAY.minusDays(2))).run();
        for (int i = 1; i < f.size(); i++) {
            assertTrue(f.get(i - 1).severity().ordinal() <= f.get(i).severity().ordinal(), f.toString());
        }
        assertEquals(f.size(), f.stream().map(Finding::key).distinct().count());
        assertTrue(f.stream().allMatch(x -> x.summary().length() <= 140));
        // no marketing claims anywhere
        assertTrue(f.stream().noneMatch(x -> (x.summary() + x.detail()).toLowerCase().contains("upregulat")));
    }

    @Test
    void observationsMappedInSlicesGiveTheSameSeriesAndLabsAsOneMapping() {
        Scenario s = adult().with(coded("mg", "magnesium", "100", 1, TODAY.minusDays(40)));
        List<org.hl7.fhir.r4.model.Observation> many = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            many.add(i % 2 == 0 ? score("s" + i, "72514-3", i % 10, TODAY.minusDays(i))
                    : lab("l" + i, "2601-3", "0.7" + (i % 10), "mmol/L", TODAY.minusDays(i)));
        }
        s.with(many.toArray(new org.hl7.fhir.r4.model.Observation[0]));
        PatientPicture sliced = s.picture();
        var whole = new org.chelate.plugin.observation.ObservationMapper().map(many);
        assertEquals(whole.labs(), sliced.observations().labs());
        assertEquals(whole.scores(), sliced.observations().scores());
        assertEquals(40, sliced.observations().scores().get(0).points().size());
    }

    private KnowledgePack pack(Consumer<ObjectNode> change) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root;
        try (InputStream in = KnowledgePack.class.getResourceAsStream("default-pack.json")) {
            root = (ObjectNode) json.readTree(in);
        }
        change.accept(root);
        Path file = Files.createTempFile(dir, "pack", ".json");
        json.writeValue(file.toFile(), root);
        return KnowledgePack.load(file);
    }
}
