package org.chelate.plugin.testing;

import java.math.BigDecimal;
import org.chelate.plugin.regimen.ChelateExtensions;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;

/** Builds realistic MedicationStatements and MedicationRequests for tests, one fluent call per FHIR element. */
public final class Records {

    public static final String UCUM = "http://unitsofmeasure.org";
    public static final String DOSE_FORM = "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm";

    private Records() {
    }

    public static StatementBuilder statement(String id) {
        return new StatementBuilder(id);
    }

    public static CodeableConcept supplement(String chelateCode) {
        return new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(ChelateSystems.SUPPLEMENT, chelateCode, null));
    }

    public static Quantity mg(String value) {
        return new Quantity().setValue(new BigDecimal(value)).setUnit("mg").setSystem(UCUM).setCode("mg");
    }

    public static Quantity ucum(String value, String code) {
        return new Quantity().setValue(new BigDecimal(value)).setUnit(code).setSystem(UCUM).setCode(code);
    }

    /** A count of dose-form units, coded as HL7 orderableDrugForm (TAB, CAP, ...). */
    public static Quantity units(String value, String formCode, String display) {
        return new Quantity().setValue(new BigDecimal(value)).setUnit(display).setSystem(DOSE_FORM).setCode(formCode);
    }

    public static Medication.MedicationIngredientComponent ingredient(String chelateCode, Quantity strengthPerUnit, Quantity per) {
        Medication.MedicationIngredientComponent ingredient = new Medication.MedicationIngredientComponent();
        ingredient.setItem(supplement(chelateCode));
        if (strengthPerUnit != null) {
            ingredient.setStrength(new Ratio().setNumerator(strengthPerUnit).setDenominator(per));
        }
        return ingredient;
    }

    public static Medication medication(String id, String text, Medication.MedicationIngredientComponent... ingredients) {
        Medication medication = new Medication();
        medication.setId(id);
        medication.setCode(new CodeableConcept().setText(text));
        for (Medication.MedicationIngredientComponent ingredient : ingredients) {
            medication.addIngredient(ingredient);
        }
        return medication;
    }

    /** Fluent MedicationStatement: active, subject Patient/p1, effective from 2026-01-01 unless told otherwise. */
    public static final class StatementBuilder {
        private final MedicationStatement statement = new MedicationStatement();
        private final Dosage dosage = new Dosage();

        StatementBuilder(String id) {
            statement.setId(id);
            statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
            statement.setSubject(new Reference("Patient/p1"));
            statement.setEffective(new Period().setStartElement(new DateTimeType("2026-01-01")));
        }

        public StatementBuilder code(String chelateCode) {
            statement.setMedication(supplement(chelateCode));
            return this;
        }

        public StatementBuilder code(String system, String code, String display) {
            statement.setMedication(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(system, code, display)));
            return this;
        }

        public StatementBuilder text(String medicationText) {
            statement.setMedication(new CodeableConcept().setText(medicationText));
            return this;
        }

        public StatementBuilder contained(Medication medication) {
            statement.addContained(medication);
            statement.setMedication(new Reference("#" + medication.getIdElement().getIdPart()));
            return this;
        }

        public StatementBuilder references(String medicationReference) {
            statement.setMedication(new Reference(medicationReference));
            return this;
        }

        public StatementBuilder dose(Quantity dose) {
            dosage.addDoseAndRate().setDose(dose);
            return this;
        }

        public StatementBuilder doseRange(Quantity low, Quantity high) {
            dosage.addDoseAndRate().setDose(new Range().setLow(low).setHigh(high));
            return this;
        }

        public StatementBuilder perDay(int frequency) {
            return every(frequency, "1", UnitsOfTime.D);
        }

        public StatementBuilder every(int frequency, String period, UnitsOfTime unit) {
            dosage.getTiming().getRepeat().setFrequency(frequency).setPeriod(new BigDecimal(period)).setPeriodUnit(unit);
            return this;
        }

        public StatementBuilder frequencyMax(int max) {
            dosage.getTiming().getRepeat().setFrequencyMax(max);
            return this;
        }

        public StatementBuilder when(EventTiming... events) {
            for (EventTiming event : events) {
                dosage.getTiming().getRepeat().addWhen(event);
            }
            return this;
        }

        public StatementBuilder timeOfDay(String... times) {
            for (String time : times) {
                dosage.getTiming().getRepeat().addTimeOfDay(time);
            }
            return this;
        }

        public StatementBuilder timingCode(String gtsCode) {
            dosage.getTiming().setCode(new CodeableConcept().addCoding(
                    new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation", gtsCode, null)));
            return this;
        }

        public StatementBuilder asNeeded() {
            dosage.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
            return this;
        }

        public StatementBuilder dosageText(String text) {
            dosage.setText(text);
            return this;
        }

        public StatementBuilder elementalBasis() {
            dosage.addExtension(ChelateExtensions.DOSE_BASIS, new CodeType(ChelateExtensions.BASIS_ELEMENTAL));
            return this;
        }

        public StatementBuilder status(MedicationStatement.MedicationStatementStatus status) {
            statement.setStatus(status);
            return this;
        }

        public StatementBuilder period(String start, String end) {
            Period period = new Period();
            if (start != null) {
                period.setStartElement(new DateTimeType(start));
            }
            if (end != null) {
                period.setEndElement(new DateTimeType(end));
            }
            statement.setEffective(period);
            return this;
        }

        public StatementBuilder noSubject() {
            statement.setSubject(null);
            return this;
        }

        public StatementBuilder basedOn(String requestReference) {
            statement.addBasedOn(new Reference(requestReference));
            return this;
        }

        public StatementBuilder noDosage() {
            return this;
        }

        public MedicationStatement build() {
            if (!dosage.isEmpty()) {
                statement.addDosage(dosage);
            }
            return statement;
        }

        /** The same content as an active order (dosageInstruction, authoredOn = the statement's start). */
        public MedicationRequest buildRequest() {
            MedicationStatement built = build();
            MedicationRequest request = new MedicationRequest();
            request.setId(built.getIdElement().getIdPart());
            request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
            request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
            request.setSubject(built.getSubject());
            request.setMedication(built.getMedication());
            built.getContained().forEach(request::addContained);
            request.setAuthoredOnElement(new DateTimeType(built.getEffectivePeriod().getStartElement().getValueAsString()));
            built.getDosage().forEach(request::addDosageInstruction);
            return request;
        }
    }
}
