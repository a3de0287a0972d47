package org.chelate.plugin.testing;

import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.chelate.plugin.summary.PatientData;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/** Realistic patients for summary tests. */
public final class Patients {

    public static final String LOINC = "http://loinc.org";

    private Patients() {
    }

    public static Patient patient(String id, String gender, String birthDate) {
        Patient patient = new Patient();
        patient.setId(id);
        if (gender != null) {
            patient.setGender(AdministrativeGender.fromCode(gender));
        }
        if (birthDate != null) {
            patient.setBirthDateElement(new DateType(birthDate));
        }
        return patient;
    }

    public static Observation score(String id, String system, String code, int value, String date) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept().addCoding(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "survey", "Survey")));
        observation.setCode(new CodeableConcept().addCoding(new Coding(system, code, null)));
        observation.setSubject(new Reference("Patient/p1"));
        observation.setEffective(new DateTimeType(date));
        observation.setValue(new IntegerType(value));
        return observation;
    }

    public static Observation lab(String id, String loinc, String value, String ucum, String date) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept().addCoding(
                new Coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", "Laboratory")));
        observation.setCode(new CodeableConcept().addCoding(new Coding(LOINC, loinc, null)));
        observation.setSubject(new Reference("Patient/p1"));
        observation.setEffective(new DateTimeType(date));
        observation.setValue(new Quantity().setValue(new BigDecimal(value)).setSystem(Records.UCUM).setCode(ucum).setUnit(ucum));
        return observation;
    }

    /**
     * A woman born 1980-04-02 (46 on 2026-06-01) taking magnesium bisglycinate 500 mg at bedtime since 2026-03-01
     * (70.48 mg Mg), zinc 15 mg with breakfast (15 mg Zn), a stopped magnesium oxide, one unmappable record; pain
     * scores 7 (2026-02-15) before and 5, 4 after; serum magnesium 1.7 mg/dL on 2026-05-20.
     */
    public static PatientData fullRecord() {
        return new PatientData("p1", patient("p1", "female", "1980-04-02"),
                List.of(
                        statement("mg").code("magnesium-bisglycinate").dose(mg("500")).when(EventTiming.HS).period("2026-03-01", null).build(),
                        statement("zn").code("zinc").dose(mg("15")).when(EventTiming.CM).build(),
                        statement("old").code("magnesium-oxide").dose(mg("400")).perDay(1)
                                .status(org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.STOPPED)
                                .period("2025-01-01", "2025-06-30").build(),
                        statement("bad").code("magnesium").dose(Records.units("2", "TAB", "tablet")).perDay(1).build()),
                List.of(), Map.of(),
                List.of(score("pain1", LOINC, "72514-3", 7, "2026-02-15"),
                        score("pain2", LOINC, "72514-3", 5, "2026-04-01"),
                        score("pain3", LOINC, "72514-3", 4, "2026-05-25"),
                        lab("mg-lab", "19123-9", "1.7", "mg/dL", "2026-05-20")),
                List.of());
    }
}
