package org.chelate.plugin.regimen;

import static org.chelate.plugin.regimen.RealisticStatementsTest.assertClose;
import static org.chelate.plugin.testing.Records.ingredient;
import static org.chelate.plugin.testing.Records.medication;
import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;
import static org.chelate.plugin.testing.Records.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.testing.Records;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.Test;

/** One test per mapping rule that the realistic list does not already pin down. */
class RegimenMapperRulesTest {

    private final RegimenMapper mapper = new RegimenMapper();

    private Regimen only(MedicationStatement statement) {
        RegimenMapping mapping = mapper.map(List.of(statement));
        assertTrue(mapping.unmapped().isEmpty(), () -> mapping.unmapped().toString());
        assertEquals(1, mapping.regimens().size());
        return mapping.regimens().get(0);
    }

    private UnmappedStatement unmapped(MedicationStatement statement) {
        RegimenMapping mapping = mapper.map(List.of(statement));
        assertEquals(List.of(), mapping.regimens());
        return mapping.unmapped().get(0);
    }

    @Test
    void saltAndCompoundWeightAreKeptBesideTheElementalAmount() {
        Regimen regimen = only(statement("a").code("magnesium-bisglycinate").dose(mg("500")).perDay(1).build());
        assertEquals("magnesium-bisglycinate", regimen.salt().orElseThrow().code());
        assertEquals(0, new BigDecimal("500").compareTo(regimen.compoundMgPerDose().orElseThrow()));
        assertEquals(SaltTable.standard().elementalMilligrams(regimen.salt().get(), new BigDecimal("500")), regimen.elementalMgPerDoseLow());
    }

    @Test
    void statedElementalHasNoCompoundWeight() {
        Regimen regimen = only(statement("a").code("zinc").dose(mg("15")).perDay(1).build());
        assertEquals(Optional.empty(), regimen.compoundMgPerDose());
        assertEquals(Optional.empty(), regimen.salt());
    }

    @Test
    void timesOfDayKeepEventCodesAndClockTimes() {
        Regimen events = only(statement("a").code("zinc").dose(mg("10")).when(EventTiming.CM, EventTiming.HS).build());
        assertEquals(List.of(DoseTime.of(EventTiming.CM), DoseTime.of(EventTiming.HS)), events.timesOfDay());
        Regimen clock = only(statement("b").code("zinc").dose(mg("10")).timeOfDay("07:30:00").build());
        assertEquals(List.of(DoseTime.at(LocalTime.of(7, 30))), clock.timesOfDay());
        assertEquals("07:30", clock.timesOfDay().get(0).label());
    }

    @Test
    void periodMaxWidensTheLowEnd() {
        // 1 dose every 1 to 2 days: low 1/2 = 0.5 a day, high 1 a day
        MedicationStatement statement = statement("a").code("magnesium").dose(mg("300")).perDay(1).build();
        statement.getDosageFirstRep().getTiming().getRepeat().setPeriodMax(new BigDecimal("2"));
        Regimen regimen = only(statement);
        assertClose("150", regimen.dailyElementalMgLow(), "low");
        assertClose("300", regimen.dailyElementalMgHigh(), "high");
    }

    @Test
    void hourlyPeriodsAreConvertedToDoses() {
        // every 8 hours: 24 / 8 = 3 a day
        Regimen regimen = only(statement("a").code("zinc").dose(mg("5")).every(1, "8", org.hl7.fhir.r4.model.Timing.UnitsOfTime.H).build());
        assertClose("3", regimen.dosesPerDayHigh(), "doses a day");
    }

    @Test
    void frequencyWithoutPeriodIsReported() {
        MedicationStatement statement = statement("a").code("zinc").dose(mg("5")).build();
        statement.getDosageFirstRep().getTiming().getRepeat().setFrequency(2);
        assertEquals(UnmappedReason.MISSING_FREQUENCY, unmapped(statement).code());
    }

    @Test
    void sigPhrasesGiveTheFrequencyWhenTimingIsEmpty() {
        assertClose("2", only(statement("a").code("zinc").dose(mg("5")).dosageText("1 tab twice daily with food").build()).dosesPerDayLow(), "twice daily");
        assertClose("3", only(statement("b").code("zinc").dose(mg("5")).dosageText("TID").build()).dosesPerDayLow(), "TID");
        Regimen bedtime = only(statement("c").code("magnesium").dose(mg("200")).dosageText("take at bedtime").build());
        assertClose("1", bedtime.dosesPerDayLow(), "at bedtime");
        assertEquals(List.of(DoseTime.of(EventTiming.HS)), bedtime.timesOfDay());
        assertClose("0.5", only(statement("d").code("magnesium").dose(mg("200")).dosageText("every other day").build()).dosesPerDayLow(), "every other day");
        // two different frequencies: refused rather than guessed
        assertEquals(UnmappedReason.MISSING_FREQUENCY,
                unmapped(statement("e").code("magnesium").dose(mg("200")).dosageText("once daily or three times a day").build()).code());
    }

    @Test
    void asNeededWithoutFrequencyIsReported() {
        assertEquals(UnmappedReason.MISSING_FREQUENCY,
                unmapped(statement("a").code("magnesium-hydroxide").dose(mg("400")).asNeeded().build()).code());
    }

    @Test
    void boundsPeriodOfTheTimingGivesTheDates() {
        MedicationStatement statement = statement("a").code("zinc").dose(mg("25")).perDay(1).period(null, null).build();
        statement.setEffective(null);
        statement.getDosageFirstRep().getTiming().getRepeat()
                .setBounds(new Period().setStartElement(new DateTimeType("2026-02-01")).setEndElement(new DateTimeType("2026-04-30")));
        Regimen regimen = only(statement);
        assertEquals(Optional.of(LocalDate.of(2026, 2, 1)), regimen.start());
        assertEquals(Optional.of(LocalDate.of(2026, 4, 30)), regimen.end());
        assertTrue(regimen.isActiveOn(LocalDate.of(2026, 4, 30)));
        assertFalse(regimen.isActiveOn(LocalDate.of(2026, 5, 1)));
        assertFalse(regimen.isActiveOn(LocalDate.of(2026, 1, 31)));
    }

    @Test
    void boundsDurationEndsTheCourse() {
        // an 8-week course from 2026-03-01: last day 2026-03-01 + 56 − 1 days = 2026-04-25
        MedicationStatement statement = statement("a").code("zinc").dose(mg("50")).perDay(1).period("2026-03-01", null).build();
        statement.getDosageFirstRep().getTiming().getRepeat()
                .setBounds(new Duration().setValue(8).setUnit("weeks").setSystem("http://unitsofmeasure.org").setCode("wk"));
        assertEquals(Optional.of(LocalDate.of(2026, 4, 25)), only(statement).end());
    }

    @Test
    void partialDatesCoverTheirWholePeriod() {
        // "since March 2026" to "2026": start 2026-03-01, end 2026-12-31
        Regimen regimen = only(statement("a").code("zinc").dose(mg("10")).perDay(1).period("2026-03", "2026").build());
        assertEquals(Optional.of(LocalDate.of(2026, 3, 1)), regimen.start());
        assertEquals(Optional.of(LocalDate.of(2026, 12, 31)), regimen.end());
    }

    @Test
    void completedOnASingleDayCountsOnlyThatDay() {
        MedicationStatement statement = statement("a").code("magnesium-citrate").dose(mg("1000")).perDay(1)
                .status(MedicationStatement.MedicationStatementStatus.COMPLETED).build();
        statement.setEffective(new DateTimeType("2026-05-10"));
        Regimen regimen = only(statement);
        assertTrue(regimen.isActiveOn(LocalDate.of(2026, 5, 10)));
        assertFalse(regimen.isActiveOn(LocalDate.of(2026, 5, 11)));
    }

    @Test
    void endBeforeStartIsReported() {
        UnmappedStatement problem = unmapped(statement("a").code("zinc").dose(mg("10")).perDay(1).period("2026-05-01", "2026-04-01").build());
        assertEquals(UnmappedReason.INVALID_VALUE, problem.code());
        assertTrue(problem.reason().contains("before it starts"), problem.reason());
    }

    @Test
    void aMassDoseOfACombinationProductIsAmbiguous() {
        MedicationStatement statement = statement("a").contained(medication("combo", "Mg + Zn",
                ingredient("magnesium", mg("100"), units("1", "TAB", "tablet")),
                ingredient("zinc", mg("10"), units("1", "TAB", "tablet")))).dose(mg("110")).perDay(1).build();
        RegimenMapping mapping = mapper.map(List.of(statement));
        assertEquals(List.of(), mapping.regimens());
        assertEquals(1, mapping.unmapped().size(), "the record is reported once");
        assertEquals(UnmappedReason.AMBIGUOUS_AMOUNT, mapping.unmapped().get(0).code());
    }

    @Test
    void anUnresolvableMedicationReferenceIsReported() {
        MedicationStatement statement = statement("a").references("Medication/missing").dose(mg("100")).perDay(1).build();
        assertEquals(UnmappedReason.UNRESOLVED_MEDICATION, unmapped(statement).code());
    }

    @Test
    void aReferenceDisplayIsReadWhenTheMedicationIsNotAvailable() {
        MedicationStatement statement = statement("a").references("Medication/elsewhere").dose(Records.units("1", "TAB", "tablet")).perDay(1).build();
        statement.getMedicationReference().setDisplay("Zinc 25 mg tablet");
        Regimen regimen = only(statement);
        assertClose("25", regimen.dailyElementalMgLow(), "zinc from display");
        assertEquals(AmountBasis.RECOGNISED_FROM_TEXT, regimen.amountBasis());
    }

    @Test
    void eachDosageIsItsOwnRegimen() {
        // 200 mg in the morning and 400 mg at bedtime: 200 + 400 = 600
        MedicationStatement statement = statement("a").code("magnesium").dose(mg("200")).when(EventTiming.MORN).build();
        Dosage evening = new Dosage();
        evening.addDoseAndRate().setDose(mg("400"));
        evening.getTiming().getRepeat().addWhen(EventTiming.HS);
        statement.addDosage(evening);
        RegimenMapping mapping = mapper.map(List.of(statement));
        assertEquals(2, mapping.regimens().size());
        assertClose("600", mapping.dailyTotals(LocalDate.of(2026, 6, 1)).get(Mineral.MAGNESIUM).highMg(), "two dosages");
    }

    @Test
    void anOrderRecordedByAStatementIsCountedOnce() {
        MedicationRequest order = statement("o1").code("zinc").dose(mg("25")).perDay(1).buildRequest();
        MedicationStatement taken = statement("s1").code("zinc").dose(mg("25")).perDay(1).basedOn("MedicationRequest/o1").build();
        RegimenMapping mapping = mapper.map(List.of(taken), List.of(order), Map.of());
        assertClose("25", mapping.dailyTotals(LocalDate.of(2026, 6, 1)).get(Mineral.ZINC).lowMg(), "counted once");
        assertEquals(UnmappedReason.RECORDED_BY_STATEMENT, mapping.unmapped().get(0).code());
        assertEquals("MedicationRequest/o1", mapping.unmapped().get(0).sourceReference());
    }

    @Test
    void aProposalIsMappedButNotCountedAsTaken() {
        MedicationRequest proposal = statement("p1").code("zinc").dose(mg("25")).perDay(1).buildRequest();
        proposal.setIntent(MedicationRequest.MedicationRequestIntent.PROPOSAL);
        RegimenMapping mapping = mapper.map(proposal, Map.of());
        assertEquals(RegimenStatus.DRAFT, mapping.regimens().get(0).status());
        assertTrue(mapping.dailyTotals(LocalDate.of(2026, 6, 1)).isEmpty());
        assertClose("25", mapping.regimens().get(0).dailyElementalMgHigh(), "its own daily amount is still there");
    }

    @Test
    void aStatementWithoutIdIsNamedByItsPosition() {
        MedicationStatement statement = statement("x").code("zinc").dose(mg("-1")).perDay(1).build();
        statement.setId((String) null);
        assertEquals("MedicationStatement[0]", unmapped(statement).sourceReference());
    }

    @Test
    void aRecordWithoutDosageIsReported() {
        MedicationStatement statement = statement("a").code("zinc").build();
        assertEquals(UnmappedReason.MISSING_DOSE, unmapped(statement).code());
    }

    @Test
    void aRecordWithoutMedicationIsReported() {
        MedicationStatement statement = statement("a").dose(mg("10")).perDay(1).build();
        assertEquals(UnmappedReason.UNKNOWN_PRODUCT, unmapped(statement).code());
    }

    @Test
    void textThatNamesNoMineralIsNotGuessed() {
        UnmappedStatement problem = unmapped(statement("a").text("Vitamin D3 1000 IU").dose(units("1", "TAB", "tablet")).perDay(1).build());
        assertEquals(UnmappedReason.UNKNOWN_PRODUCT, problem.code());
        assertEquals("Vitamin D3 1000 IU", problem.description());
    }

    @Test
    void aMedicationResolvedOnTheReferenceItselfIsUsed() {
        MedicationStatement statement = statement("a").dose(units("1", "TAB", "tablet")).perDay(1).build();
        statement.setMedication(new Reference(medication("m", "Zinc 30 mg", ingredient("zinc", mg("30"), units("1", "TAB", "tablet")))));
        assertClose("30", only(statement).dailyElementalMgLow(), "zinc");
    }

    @Test
    void aSnomedCodedMilligramDoseIsAMass() {
        // SNOMED CT unit 258684004 |milligram|, unit text "mg": 250 mg elemental magnesium
        org.hl7.fhir.r4.model.Quantity snomedMg = new org.hl7.fhir.r4.model.Quantity().setValue(new BigDecimal("250"))
                .setUnit("mg").setSystem("http://snomed.info/sct").setCode("258684004");
        Regimen regimen = only(statement("a").code("magnesium").dose(snomedMg).perDay(1).build());
        assertClose("250", regimen.dailyElementalMgLow(), "SNOMED mg");
    }

    @Test
    void aSnomedCodedTabletDoseIsACount() {
        // SNOMED CT 385055001 |Tablet|, 2 tablets of zinc 10 mg elemental per tablet: 2 × 10 = 20
        org.hl7.fhir.r4.model.Quantity tablets = new org.hl7.fhir.r4.model.Quantity().setValue(new BigDecimal("2"))
                .setUnit("tablet").setSystem("http://snomed.info/sct").setCode("385055001");
        MedicationStatement statement = statement("a").contained(medication("z", "Zinc 10 mg tablet",
                ingredient("zinc", mg("10"), units("1", "TAB", "tablet")))).dose(tablets).perDay(1).build();
        assertClose("20", only(statement).dailyElementalMgLow(), "SNOMED tablets");
    }

    @Test
    void aClinicalDrugCodeIsReadFromItsDisplay() {
        // a clinical-drug coding (placeholder code, not an ingredient code Chelate knows) whose display names salt and strength:
        // 1 tablet of magnesium oxide 400 mg = 400 × 0.603042 = 241.22 mg elemental
        MedicationStatement statement = statement("a").code("http://www.nlm.nih.gov/research/umls/rxnorm", "0000000",
                "Magnesium Oxide 400 MG Oral Tablet").dose(units("1", "TAB", "tablet")).perDay(1).build();
        Regimen regimen = only(statement);
        assertClose("241.22", regimen.dailyElementalMgLow(), "from the display");
        assertEquals(AmountBasis.RECOGNISED_FROM_TEXT, regimen.amountBasis());
    }
}
