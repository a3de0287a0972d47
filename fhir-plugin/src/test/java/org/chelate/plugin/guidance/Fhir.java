package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/** Realistic FHIR R4 test records, built in code. */
public final class Fhir {

    public static final String PATIENT_ID = "p1";
    public static final String LOINC = ChelateSystems.LOINC;

    private Fhir() {
    }

    public static Patient patient(String birthDate, AdministrativeGender gender) {
        Patient p = new Patient();
        p.setId(PATIENT_ID);
        p.setBirthDateElement(new DateType(birthDate));
        p.setGender(gender);
        return p;
    }

    /** A supplement statement: product text (e.g. "magnesium bisglycinate"), dose in mg per intake, times a day. */
    public static MedicationStatement statement(String id, String product, String doseMg, int perDay, LocalDate start,
                                                EventTiming... when) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(id);
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setSubject(new Reference("Patient/" + PATIENT_ID));
        ms.setMedication(new CodeableConcept().setText(product));
        if (start != null) {
            ms.setEffective(new Period().setStartElement(new DateTimeType(start.toString())));
        }
        ms.addDosage(dosage(doseMg, "mg", perDay, when));
        return ms;
    }

    /** A statement coded with a Chelate supplement code (e.g. "zinc" = elemental, "zinc-gluconate" = salt). */
    public static MedicationStatement coded(String id, String chelateCode, String doseMg, int perDay, LocalDate start,
                                            EventTiming... when) {
        MedicationStatement ms = statement(id, null, doseMg, perDay, start, when);
        ms.setMedication(new CodeableConcept(new Coding(ChelateSystems.SUPPLEMENT, chelateCode, null)));
        return ms;
    }

    /** A text-only statement: no coded product and no structured dose, just the sig. */
    public static MedicationStatement textOnly(String id, String product, String sig) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(id);
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setSubject(new Reference("Patient/" + PATIENT_ID));
        ms.setMedication(new CodeableConcept().setText(product));
        ms.addDosage(new Dosage().setText(sig));
        return ms;
    }

    /** A non-supplement drug (e.g. "doxycycline 100 mg") taken at the given times. */
    public static MedicationStatement drug(String id, String name, EventTiming... when) {
        MedicationStatement ms = new MedicationStatement();
        ms.setId(id);
        ms.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        ms.setSubject(new Reference("Patient/" + PATIENT_ID));
        ms.setMedication(new CodeableConcept().setText(name));
        ms.addDosage(dosage("100", "mg", when.length == 0 ? 1 : when.length, when));
        return ms;
    }

    public static MedicationStatement drugAt(String id, String name, String... clockTimes) {
        MedicationStatement ms = drug(id, name);
        Timing.TimingRepeatComponent repeat = ms.getDosageFirstRep().getTiming().getRepeat();
        repeat.setFrequency(clockTimes.length);
        for (String t : clockTimes) {
            repeat.addTimeOfDay(t);
        }
        return ms;
    }

    public static MedicationStatement at(MedicationStatement ms, String... clockTimes) {
        Timing.TimingRepeatComponent repeat = ms.getDosageFirstRep().getTiming().getRepeat();
        repeat.getWhen().clear();
        for (String t : clockTimes) {
            repeat.addTimeOfDay(t);
        }
        return ms;
    }

    public static MedicationRequest draftOrder(String id, String product, String doseMg, int perDay,
                                               EventTiming... when) {
        MedicationRequest mr = new MedicationRequest();
        mr.setId(id);
        mr.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
        mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        mr.setSubject(new Reference("Patient/" + PATIENT_ID));
        mr.setMedication(new CodeableConcept().setText(product));
        mr.addDosageInstruction(dosage(doseMg, "mg", perDay, when));
        return mr;
    }

    public static Dosage dosage(String dose, String unit, int perDay, EventTiming... when) {
        Dosage d = new Dosage();
        Timing.TimingRepeatComponent repeat = d.getTiming().getRepeat();
        repeat.setFrequency(perDay).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
        for (EventTiming w : when) {
            repeat.addWhen(w);
        }
        Quantity q = new Quantity().setValue(new BigDecimal(dose)).setUnit(unit).setSystem(ChelateSystems.UCUM)
                .setCode(unit);
        d.addDoseAndRate().setDose(q);
        return d;
    }

    public static Observation lab(String id, String loinc, String value, String unit, LocalDate date) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "laboratory", "Laboratory")));
        o.setCode(new CodeableConcept(new Coding(LOINC, loinc, null)));
        o.setSubject(new Reference("Patient/" + PATIENT_ID));
        o.setEffective(new DateTimeType(date.toString()));
        o.setValue(new Quantity().setValue(new BigDecimal(value)).setUnit(unit).setSystem(ChelateSystems.UCUM)
                .setCode(unit));
        return o;
    }

    public static Observation labWithRange(String id, String loinc, String value, String unit, String low,
                                           String high, LocalDate date) {
        Observation o = lab(id, loinc, value, unit, date);
        o.addReferenceRange()
                .setLow(new Quantity().setValue(new BigDecimal(low)).setUnit(unit).setSystem(ChelateSystems.UCUM).setCode(unit))
                .setHigh(new Quantity().setValue(new BigDecimal(high)).setUnit(unit).setSystem(ChelateSystems.UCUM).setCode(unit));
        return o;
    }

    public static Observation score(String id, String loinc, int value, LocalDate date) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "survey", "Survey")));
        o.setCode(new CodeableConcept(new Coding(LOINC, loinc, null)));
        o.setSubject(new Reference("Patient/" + PATIENT_ID));
        o.setEffective(new DateTimeType(date.toString()));
        o.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit("{score}")
                .setSystem(ChelateSystems.UCUM).setCode("{score}"));
        return o;
    }

    public static Observation pregnancyStatus(String answerCode, String display, LocalDate date) {
        Observation o = new Observation();
        o.setId("preg");
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.setCode(new CodeableConcept(new Coding(LOINC, "82810-3", "Pregnancy status")));
        o.setSubject(new Reference("Patient/" + PATIENT_ID));
        o.setEffective(new DateTimeType(date.toString()));
        o.setValue(new CodeableConcept(new Coding(LOINC, answerCode, display)));
        return o;
    }

    public static Condition problem(String id, String text) {
        Condition c = new Condition();
        c.setId(id);
        c.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
        c.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "problem-list-item", "Problem List Item")));
        c.setCode(new CodeableConcept().setText(text));
        c.setSubject(new Reference("Patient/" + PATIENT_ID));
        return c;
    }

    public static List<Observation> none() {
        return List.of();
    }
}
