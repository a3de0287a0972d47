package org.chelate.plugin.regimen;

import static org.chelate.plugin.regimen.RealisticStatementsTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Regimen → MedicationStatement / MedicationRequest → JSON → Regimen gives the same regimen. */
class RegimenWriterRoundTripTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private final RegimenMapper mapper = new RegimenMapper();
    private final RegimenWriter writer = new RegimenWriter();

    static void assertSameRegimen(Regimen expected, Regimen actual) {
        String what = expected.sourceReference() + " " + expected.mineral();
        assertEquals(expected.mineral(), actual.mineral(), what);
        assertEquals(expected.salt(), actual.salt(), what);
        assertClose(expected.elementalMgPerDoseLow().toPlainString(), actual.elementalMgPerDoseLow(), what + " dose low");
        assertClose(expected.elementalMgPerDoseHigh().toPlainString(), actual.elementalMgPerDoseHigh(), what + " dose high");
        assertClose(expected.dosesPerDayLow().toPlainString(), actual.dosesPerDayLow(), what + " doses/day low");
        assertClose(expected.dosesPerDayHigh().toPlainString(), actual.dosesPerDayHigh(), what + " doses/day high");
        assertClose(expected.dailyElementalMgHigh().toPlainString(), actual.dailyElementalMgHigh(), what + " daily high");
        assertEquals(expected.timesOfDay().stream().filter(t -> t.event().isPresent()).toList(),
                actual.timesOfDay().stream().filter(t -> t.event().isPresent()).toList(), what + " events");
        assertEquals(expected.start(), actual.start(), what);
        assertEquals(expected.end(), actual.end(), what);
    }

    @TestFactory
    Stream<DynamicTest> everyRealisticRegimenSurvivesAStatementRoundTrip() {
        RegimenMapping mapping = mapper.map(RealisticStatementsTestAccess.statements(), List.of(), RealisticStatementsTestAccess.referenced());
        return mapping.regimens().stream().map(original -> DynamicTest.dynamicTest(original.sourceReference() + " " + original.mineral(), () -> {
            MedicationStatement written = writer.toMedicationStatement(original, "Patient/p1");
            written.setId("rt");
            MedicationStatement parsed = CTX.newJsonParser().parseResource(MedicationStatement.class,
                    CTX.newJsonParser().encodeResourceToString(written));
            RegimenMapping back = mapper.map(List.of(parsed));
            assertTrue(back.unmapped().isEmpty(), () -> back.unmapped().toString());
            Regimen again = back.regimens().get(0);
            assertSameRegimen(original, again);
            assertEquals(original.status(), again.status());
        }));
    }

    @Test
    void aSaltWeightIsWrittenAsTheSaltWeight() {
        Regimen regimen = mapper.map(List.of(org.chelate.plugin.testing.Records.statement("s").code("magnesium-bisglycinate")
                .dose(org.chelate.plugin.testing.Records.mg("500")).when(EventTiming.HS).build())).regimens().get(0);
        MedicationStatement written = writer.toMedicationStatement(regimen, "Patient/p1");
        assertEquals(0, new BigDecimal("500").compareTo(written.getDosageFirstRep().getDoseAndRateFirstRep().getDoseQuantity().getValue()));
        assertTrue(written.getDosageFirstRep().getExtension().isEmpty());
        Regimen again = mapper.map(List.of(written)).regimens().get(0);
        assertEquals(AmountBasis.CONVERTED_FROM_SALT, again.amountBasis());
        assertEquals(Optional.of(new BigDecimal("500")), again.compoundMgPerDose());
    }

    @Test
    void aPlannedOrderRoundTripsThroughAMedicationRequest() {
        // the pack's "foundation" template shape: magnesium bisglycinate, 100 mg elemental at bedtime
        Regimen planned = Regimen.planned(Mineral.MAGNESIUM, SaltTable.standard().byCode("magnesium-bisglycinate"),
                new BigDecimal("100"), BigDecimal.ONE, List.of(DoseTime.of(EventTiming.HS)),
                Optional.of(LocalDate.of(2026, 6, 1)), "Magnesium bisglycinate");
        MedicationRequest request = writer.toMedicationRequest(planned, "Patient/p1",
                MedicationRequest.MedicationRequestStatus.DRAFT, MedicationRequest.MedicationRequestIntent.PROPOSAL);
        request.setId("draft-1");
        Regimen again = mapper.map(request, Map.of()).regimens().get(0);
        assertSameRegimen(planned, again);
        assertEquals(AmountBasis.STATED_ELEMENTAL, again.amountBasis());
        assertEquals(RegimenStatus.DRAFT, again.status());
        assertEquals("MedicationRequest/draft-1", again.sourceReference());
    }

    @Test
    void aLoweredDoseIsWrittenInElementalMilligrams() {
        Regimen regimen = mapper.map(List.of(org.chelate.plugin.testing.Records.statement("s").code("magnesium-oxide")
                .dose(org.chelate.plugin.testing.Records.mg("800")).perDay(1).build())).regimens().get(0);
        // 800 × 0.603042 = 482.43 elemental; lowered to 300 elemental (written with dose-basis = elemental)
        Regimen lowered = regimen.withElementalMgPerDose(new BigDecimal("300"), new BigDecimal("300"));
        MedicationRequest request = writer.toMedicationRequest(lowered, "Patient/p1");
        assertEquals("elemental", request.getDosageInstructionFirstRep().getExtensionByUrl(ChelateExtensions.DOSE_BASIS).getValue().primitiveValue());
        Regimen again = mapper.map(request, Map.of()).regimens().get(0);
        assertClose("300", again.dailyElementalMgLow(), "lowered");
    }

    @Test
    void weeklyAndEveryOtherDayScheduleRoundTrip() {
        Regimen weekly = Regimen.planned(Mineral.ZINC, Optional.empty(), new BigDecimal("50"),
                BigDecimal.ONE.divide(new BigDecimal("7"), TimingReader.MATH), List.of(), Optional.empty(), "zinc");
        MedicationStatement written = writer.toMedicationStatement(weekly, "Patient/p1");
        assertEquals(org.hl7.fhir.r4.model.Timing.UnitsOfTime.WK, written.getDosageFirstRep().getTiming().getRepeat().getPeriodUnit());
        written.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
        assertClose("7.142857", mapper.map(List.of(written)).regimens().get(0).dailyElementalMgLow(), "weekly");
    }
}
