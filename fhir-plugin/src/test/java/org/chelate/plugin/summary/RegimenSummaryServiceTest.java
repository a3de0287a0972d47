package org.chelate.plugin.summary;

import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.observation.LabFlag;
import org.chelate.plugin.observation.MidOutcome;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.testing.Patients;
import org.chelate.terminology.Mineral;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class RegimenSummaryServiceTest {

    private static final LocalDate JUNE = LocalDate.of(2026, 6, 1);
    private static final KnowledgePack PACK = KnowledgePack.loadDefault();
    private final RegimenSummaryService service = RegimenSummaryService.create(PACK, Map.of());

    private static MineralSummary mineral(RegimenSummary summary, Mineral mineral) {
        return summary.minerals().stream().filter(m -> m.mineral() == mineral).findFirst().orElseThrow();
    }

    @Test
    void totalsLimitsTrendsLabsAndUnmappedForAFullRecord() {
        RegimenSummary summary = service.summarise(Patients.fullRecord(), JUNE);

        MineralSummary magnesium = mineral(summary, Mineral.MAGNESIUM);
        // magnesium bisglycinate 500 mg at bedtime: 500 × 0.140961 = 70.48; the stopped magnesium oxide is not counted
        assertEquals(0, new BigDecimal("70.48").compareTo(magnesium.total().highMg()));
        // a woman of 46: RDA 320 mg, supplemental UL 350 mg (ODS-Mg)
        assertEquals(0, new BigDecimal("320").compareTo(magnesium.rda().orElseThrow().mg()));
        assertEquals(0, new BigDecimal("350").compareTo(magnesium.upperLimit().orElseThrow().mg()));
        MineralSummary zinc = mineral(summary, Mineral.ZINC);
        assertEquals(0, new BigDecimal("15").compareTo(zinc.total().lowMg()));
        assertTrue(zinc.notes().stream().anyMatch(n -> n.contains("food and supplements")), zinc.notes()::toString);

        assertEquals(List.of("MedicationStatement/old"), summary.otherRegimens().stream().map(r -> r.sourceReference()).toList());
        assertEquals(List.of("MedicationStatement/bad"), summary.unmapped().stream().map(u -> u.sourceReference()).toList());

        SymptomTrend pain = summary.trends().get(0);
        assertEquals(3, pain.series().points().size());
        // the magnesium started 2026-03-01: baseline 7 (2026-02-15), latest 4 (2026-05-25), change −3, no MID configured
        RegimenResponse toMagnesium = pain.responses().stream()
                .filter(r -> r.regimenReference().equals("MedicationStatement/mg")).findFirst().orElseThrow();
        assertEquals(0, new BigDecimal("-3").compareTo(toMagnesium.change().orElseThrow()));
        assertEquals(MidOutcome.NO_MID_CONFIGURED, toMagnesium.outcome());
        // the zinc started 2026-01-01, before the first score: no baseline, so no change is claimed
        RegimenResponse toZinc = pain.responses().stream()
                .filter(r -> r.regimenReference().equals("MedicationStatement/zn")).findFirst().orElseThrow();
        assertEquals(MidOutcome.NOT_ENOUGH_DATA, toZinc.outcome());
        // serum magnesium 1.7 mg/dL = 0.70 mmol/L, below the ODS-Mg range 0.75–0.95
        assertEquals(LabFlag.LOW, summary.latestLabs().get(0).flag());
        assertTrue(summary.notes().contains(RegimenSummaryService.RESPONSE_STANCE));
        assertTrue(summary.notes().stream().anyMatch(n -> n.contains("pregnancy status unknown")));
        assertEquals(PACK.version(), summary.knowledgePackVersion());
    }

    @Test
    void aFutureStatementIsListedWithANoteAndNotCounted() {
        PatientData data = new PatientData("p1", Patients.patient("p1", "male", "1970-01-01"),
                List.of(statement("later").code("zinc").dose(mg("25")).perDay(1).period("2026-09-01", null).build()),
                List.of(), Map.of(), List.of(), List.of());
        RegimenSummary summary = service.summarise(data, JUNE);
        assertEquals(0, BigDecimal.ZERO.compareTo(mineral(summary, Mineral.ZINC).total().highMg()));
        assertTrue(summary.otherRegimens().get(0).notes().stream().anyMatch(n -> n.contains("starts after the summary date")));
    }

    @Test
    void aPregnancyConditionGivesThePregnancyRda() {
        Condition pregnancy = new Condition();
        pregnancy.setSubject(new Reference("Patient/p1"));
        pregnancy.setClinicalStatus(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        pregnancy.setCode(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "77386006", "Pregnant")));
        PatientData data = new PatientData("p1", Patients.patient("p1", "female", "1994-02-01"), List.of(), List.of(),
                Map.of(), List.of(), List.of(pregnancy));
        RegimenSummary summary = service.summarise(data, JUNE);
        assertEquals(PregnancyStatus.KNOWN_PREGNANT, summary.facts().profile().orElseThrow().pregnancy());
        // pregnancy, 31–50 years: magnesium RDA 360 mg (ODS-Mg)
        assertEquals(0, new BigDecimal("360").compareTo(mineral(summary, Mineral.MAGNESIUM).rda().orElseThrow().mg()));
    }

    @Test
    void aPregnancyStatusObservationSaysNotPregnant() {
        Observation status = new Observation();
        status.setStatus(Observation.ObservationStatus.FINAL);
        status.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "82810-3", "Pregnancy status")));
        status.setSubject(new Reference("Patient/p1"));
        status.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-05-01"));
        status.setValue(new CodeableConcept().addCoding(new Coding("http://loinc.org", "LA26683-5", "Not pregnant")));
        PatientData data = new PatientData("p1", Patients.patient("p1", "female", "1994-02-01"), List.of(), List.of(),
                Map.of(), List.of(status), List.of());
        RegimenSummary summary = service.summarise(data, JUNE);
        assertEquals(PregnancyStatus.NOT_PREGNANT, summary.facts().profile().orElseThrow().pregnancy());
        assertTrue(summary.notes().stream().noneMatch(n -> n.contains("pregnancy status unknown")));
    }

    @Test
    void aChildOfSixGetsChildLimits() {
        PatientData data = new PatientData("c", Patients.patient("c", "male", "2020-01-15"),
                List.of(statement("kid").code("magnesium").dose(mg("100")).perDay(1).build()), List.of(), Map.of(), List.of(), List.of());
        RegimenSummary summary = service.summarise(data, JUNE);
        // 4–8 years: magnesium RDA 130 mg, supplemental UL 110 mg; zinc RDA 5 mg, UL 12 mg (ODS-Mg, ODS-Zn)
        assertEquals(0, new BigDecimal("130").compareTo(mineral(summary, Mineral.MAGNESIUM).rda().orElseThrow().mg()));
        assertEquals(0, new BigDecimal("110").compareTo(mineral(summary, Mineral.MAGNESIUM).upperLimit().orElseThrow().mg()));
        assertEquals(0, new BigDecimal("12").compareTo(mineral(summary, Mineral.ZINC).upperLimit().orElseThrow().mg()));
    }

    @Test
    void withoutABirthDateNoLimitsAreShownAndTheNoteSaysWhy() {
        PatientData data = new PatientData("p1", Patients.patient("p1", "female", null), List.of(), List.of(), Map.of(), List.of(), List.of());
        RegimenSummary summary = service.summarise(data, JUNE);
        assertTrue(mineral(summary, Mineral.MAGNESIUM).rda().isEmpty());
        assertTrue(summary.notes().stream().anyMatch(n -> n.contains("birthDate is missing")));
    }

    @Test
    void scoresAfterTheSummaryDateAreSetAside() {
        PatientData data = new PatientData("p1", Patients.patient("p1", "female", "1980-01-01"), List.of(), List.of(), Map.of(),
                List.of(Patients.score("later", Patients.LOINC, "72514-3", 3, "2026-08-01")), List.of());
        RegimenSummary summary = service.summarise(data, JUNE);
        assertTrue(summary.trends().isEmpty());
        assertEquals("Observation/later", summary.unusedObservations().get(0).sourceReference());
    }
}
