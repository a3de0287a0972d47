package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Fhir.patient;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/** Records for the kidney, lab, upper-limit policy and template cases (facts.md rows cited at each test). */
final class Clinical {

    static final String SNOMED = "http://snomed.info/sct";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    private Clinical() {
    }

    static Scenario adult() {
        return Scenario.of(patient("1960-03-02", AdministrativeGender.FEMALE));
    }

    static Scenario child() {
        return Scenario.of(patient("2016-03-02", AdministrativeGender.MALE));
    }

    static Optional<Finding> find(List<Finding> findings, CardType type) {
        return findings.stream().filter(f -> f.type() == type).findFirst();
    }

    static Observation egfr(String loinc, String value) {
        return Fhir.lab("egfr-" + loinc, loinc, value, "mL/min/{1.73_m2}", Scenario.TODAY.minusDays(5));
    }

    static Observation egfr(String value) {
        return egfr("98979-8", value);
    }

    /** Serum magnesium (LOINC 2601-3 mmol/L, 19123-9 mg/dL) with the reporting lab's range, or none when low is null. */
    static Observation serumMg(String loinc, String value, String unit, String low, String high) {
        Observation o = Fhir.lab("mg-" + value, loinc, value, unit, Scenario.TODAY.minusDays(2));
        if (low != null) {
            o.addReferenceRange().setLow(quantity(low, unit)).setHigh(quantity(high, unit));
        }
        return o;
    }

    private static Quantity quantity(String value, String unit) {
        return new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(ChelateSystems.UCUM).setCode(unit);
    }

    /** An active Condition coded in {@code system} (SNOMED CT or ICD-10-CM), with a display. */
    static Condition coded(String id, String system, String code, String display) {
        Condition c = Fhir.problem(id, display);
        c.setCode(new CodeableConcept(new Coding(system, code, display)));
        return c;
    }

    /** As needed, up to {@code maxPerDay} doses a day (e.g. milk of magnesia at night when needed). */
    static MedicationStatement asNeeded(MedicationStatement ms) {
        ms.getDosageFirstRep().setAsNeeded(new BooleanType(true));
        return ms;
    }

    /** A statement with a recorded course (effectivePeriod start and end). */
    static MedicationStatement course(MedicationStatement ms, LocalDate start, LocalDate end) {
        ms.setEffective(new Period().setStartElement(new DateTimeType(start.toString()))
                .setEndElement(new DateTimeType(end.toString())));
        return ms;
    }

    static MedicationStatement withText(MedicationStatement ms, String text) {
        ms.getMedicationCodeableConcept().setText(text);
        return ms;
    }

    static MedicationStatement drug(String id, String name) {
        MedicationStatement ms = Fhir.drug(id, name);
        ms.setSubject(new Reference("Patient/" + Fhir.PATIENT_ID));
        return ms;
    }

    static boolean noneAboveInfo(List<Finding> findings) {
        return findings.stream().allMatch(f -> f.severity() == Severity.INFO);
    }
}
