package org.chelate.plugin.observation;

import static org.chelate.plugin.testing.Patients.LOINC;
import static org.chelate.plugin.testing.Patients.lab;
import static org.chelate.plugin.testing.Patients.score;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.ScoreDirection;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;

class ObservationMapperTest {

    private static final DefaultRange ODS_MG = new DefaultRange(new BigDecimal("0.75"), new BigDecimal("0.95"), "ODS-Mg");
    private final ObservationMapper mapper = new ObservationMapper(Map.of(LabAnalyte.SERUM_MAGNESIUM, ODS_MG));

    @Test
    void scoresBecomeOneSeriesPerInstrumentOldestFirst() {
        ObservationMapping mapping = mapper.map(List.of(
                score("b", LOINC, "72514-3", 5, "2026-04-01"),
                score("a", LOINC, "72514-3", 7, "2026-02-15"),
                score("s", ChelateSystems.SCORE, "sleep-quality-nrs", 6, "2026-03-01")));
        assertEquals(2, mapping.scores().size());
        ScoreSeries pain = mapping.series(LOINC, "72514-3").orElseThrow();
        assertEquals(List.of("Observation/a", "Observation/b"), pain.points().stream().map(ScorePoint::sourceReference).toList());
        assertEquals(ScoreDirection.HIGHER_IS_WORSE, pain.instrument().direction());
        assertEquals(0, BigDecimal.TEN.compareTo(pain.instrument().max()));
        assertEquals(ScoreDirection.HIGHER_IS_BETTER, mapping.series(ChelateSystems.SCORE, "sleep-quality-nrs").orElseThrow().instrument().direction());
    }

    @Test
    void aScoreOutsideTheInstrumentsRangeIsReported() {
        ObservationMapping mapping = mapper.map(List.of(score("x", LOINC, "72514-3", 11, "2026-04-01")));
        assertTrue(mapping.scores().isEmpty());
        assertEquals("Observation/x", mapping.unmapped().get(0).sourceReference());
        assertTrue(mapping.unmapped().get(0).reason().contains("outside the range"), mapping.unmapped().get(0).reason());
    }

    @Test
    void enteredInErrorAndPreliminaryScoresAreNotUsed() {
        Observation wrong = score("w", LOINC, "72514-3", 3, "2026-04-01").setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        Observation preliminary = score("p", LOINC, "72514-3", 3, "2026-04-02").setStatus(Observation.ObservationStatus.PRELIMINARY);
        ObservationMapping mapping = mapper.map(List.of(wrong, preliminary));
        assertTrue(mapping.scores().isEmpty());
        assertEquals(2, mapping.unmapped().size());
    }

    @Test
    void serumMagnesiumByMassIsConvertedToMmolPerLitreAndFlaggedAgainstTheOdsRange() {
        // 1.7 mg/dL ÷ 2.4305 = 0.699 mmol/L, below 0.75: LOW
        LabResult result = mapper.map(List.of(lab("m", "19123-9", "1.7", "mg/dL", "2026-05-20"))).labs().get(0);
        assertEquals(LabAnalyte.SERUM_MAGNESIUM, result.analyte());
        assertEquals("mmol/L", result.unit());
        assertTrue(result.value().subtract(new BigDecimal("0.6994")).abs().compareTo(new BigDecimal("0.0005")) < 0, result.value().toPlainString());
        assertEquals(LabFlag.LOW, result.flag());
        assertEquals(Optional.of("ODS-Mg"), result.referenceRangeSource());
        assertEquals(LocalDate.of(2026, 5, 20), result.date());
    }

    @Test
    void theObservationsOwnReferenceRangeWinsAndIsConverted() {
        // zinc 60 ug/dL against the lab's range 0.9–1.8 mg/L (= 90–180 ug/dL): LOW
        Observation zinc = lab("z", "5763-8", "60", "ug/dL", "2026-05-01");
        zinc.addReferenceRange().setLow(new Quantity().setValue(new BigDecimal("0.9")).setCode("mg/L").setSystem("http://unitsofmeasure.org"))
                .setHigh(new Quantity().setValue(new BigDecimal("1.8")).setCode("mg/L").setSystem("http://unitsofmeasure.org"));
        LabResult result = mapper.map(List.of(zinc)).labs().get(0);
        assertEquals(0, new BigDecimal("90").compareTo(result.referenceLow().orElseThrow()));
        assertEquals(0, new BigDecimal("180").compareTo(result.referenceHigh().orElseThrow()));
        assertEquals(LabFlag.LOW, result.flag());
        assertEquals(Optional.of("Observation"), result.referenceRangeSource());
    }

    @Test
    void withoutAnyRangeTheInterpretationGivesTheFlag() {
        Observation copper = lab("c", "5631-7", "70", "ug/dL", "2026-05-01");
        assertEquals(LabFlag.UNKNOWN, mapper.map(List.of(copper)).labs().get(0).flag());
        copper.addInterpretation(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", "L", "Low")));
        assertEquals(LabFlag.LOW, mapper.map(List.of(copper)).labs().get(0).flag());
    }

    @Test
    void eGfrKeepsItsUnitAndTheLatestLabWins() {
        ObservationMapping mapping = mapper.map(List.of(
                lab("e2", "98979-8", "48", "mL/min/{1.73_m2}", "2026-05-01"),
                lab("e1", "98979-8", "55", "mL/min/{1.73_m2}", "2026-01-01")));
        LabResult latest = mapping.latest(LabAnalyte.EGFR).orElseThrow();
        assertEquals("Observation/e2", latest.sourceReference());
        assertEquals(0, new BigDecimal("48").compareTo(latest.value()));
    }

    @Test
    void aLabInAnUnconvertibleUnitIsReported() {
        ObservationMapping mapping = mapper.map(List.of(lab("m", "19123-9", "1.7", "mm[Hg]", "2026-05-20")));
        assertTrue(mapping.labs().isEmpty());
        assertTrue(mapping.unmapped().get(0).reason().contains("mm[Hg]"), mapping.unmapped().get(0).reason());
    }

    @Test
    void aNegativeLabValueIsReported() {
        assertEquals(1, mapper.map(List.of(lab("m", "2601-3", "-0.8", "mmol/L", "2026-05-20"))).unmapped().size());
    }

    @Test
    void anObservationWithoutSubjectOrDateIsReported() {
        Observation noSubject = score("n", LOINC, "72514-3", 4, "2026-04-01");
        noSubject.setSubject(null);
        Observation noDate = score("d", LOINC, "72514-3", 4, "2026-04-01");
        noDate.setEffective(null);
        ObservationMapping mapping = mapper.map(List.of(noSubject, noDate));
        assertEquals(2, mapping.unmapped().size());
    }
}
