package org.chelate.plugin.patient;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.knowledge.Sex;
import org.chelate.plugin.regimen.Dates;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * Reads what the reference tables need about a patient from FHIR, by the conventions of ../shared/README.md, for
 * both the regimen summary and the CDS Hooks guidance: the birth date (for the age at a date), sex from
 * Patient.gender, pregnancy from the latest Observation LOINC 82810-3 on or before the date (LA15173-0 / SNOMED CT
 * 77386006 pregnant, LA26683-5 / 60001007 not pregnant; an undated one counts as the oldest) or an active Condition
 * naming pregnancy, and lactation from an active Condition naming it. A male patient is not pregnant or lactating;
 * otherwise an unread status is UNKNOWN, which callers treat as non-pregnant and say so.
 */
public final class PatientStatusReader {

    public static final String PREGNANCY_STATUS_LOINC = "82810-3";
    private static final Pattern PREGNANCY = Pattern.compile("pregnan", Pattern.CASE_INSENSITIVE);
    private static final Pattern LACTATION = Pattern.compile("lactat|breast[- ]?feed", Pattern.CASE_INSENSITIVE);
    private static final String SNOMED_PREGNANT = "77386006";

    private PatientStatusReader() {
    }

    /** The first day Patient.birthDate covers (1980-05 → 1980-05-01); empty when it is missing. */
    public static Optional<LocalDate> birthDate(Patient patient) {
        return patient != null && patient.hasBirthDateElement() ? Dates.firstDay(patient.getBirthDateElement())
                : Optional.empty();
    }

    public static Sex sex(Patient patient) {
        return Sex.fromFhirGender(patient != null && patient.hasGender() ? patient.getGender().toCode() : null);
    }

    private static boolean isPregnancyStatus(Observation observation) {
        for (Coding coding : observation.getCode().getCoding()) {
            // the code first: it tells most Observations of a large record apart sooner than the system does
            if (PREGNANCY_STATUS_LOINC.equals(coding.getCode()) && ChelateSystems.LOINC.equals(coding.getSystem())) {
                return true;
            }
        }
        return false;
    }

    public static PregnancyStatus pregnancy(Sex sex, List<Observation> observations, List<Condition> conditions,
            LocalDate date) {
        if (sex == Sex.MALE) {
            return PregnancyStatus.NOT_PREGNANT;
        }
        if (conditions.stream().filter(Conditions::active).anyMatch(c -> namesPregnancy(c.getCode()))) {
            return PregnancyStatus.KNOWN_PREGNANT;
        }
        // a loop, not a stream: it runs over every Observation of a large record, and few are pregnancy statuses
        Optional<Observation> latest = Optional.empty();
        long latestMillis = Long.MIN_VALUE;
        for (Observation o : observations) {
            if (!isPregnancyStatus(o) || o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
                continue;
            }
            Optional<BaseDateTimeType> when = effective(o);
            if (!when.flatMap(Dates::firstDay).map(day -> !day.isAfter(date)).orElse(true)) {
                continue;
            }
            long millis = when.map(PatientStatusReader::millis).orElse(Long.MIN_VALUE);
            if (latest.isEmpty() || millis > latestMillis) {
                latest = Optional.of(o);
                latestMillis = millis;
            }
        }
        if (latest.isEmpty() || !latest.get().hasValueCodeableConcept()) {
            return PregnancyStatus.UNKNOWN;
        }
        for (Coding coding : latest.get().getValueCodeableConcept().getCoding()) {
            String code = coding.getCode();
            if ("LA15173-0".equals(code) || SNOMED_PREGNANT.equals(code)) {
                return PregnancyStatus.KNOWN_PREGNANT;
            }
            if ("LA26683-5".equals(code) || "60001007".equals(code)) {
                return PregnancyStatus.NOT_PREGNANT;
            }
        }
        return PregnancyStatus.UNKNOWN;
    }

    public static boolean lactating(Sex sex, List<Condition> conditions) {
        return sex != Sex.MALE && conditions.stream().filter(Conditions::active)
                .anyMatch(c -> Conditions.mentions(c.getCode(), LACTATION));
    }

    private static boolean namesPregnancy(CodeableConcept code) {
        return Conditions.mentions(code, PREGNANCY)
                || code != null && code.getCoding().stream().anyMatch(c -> SNOMED_PREGNANT.equals(c.getCode()));
    }

    private static Optional<BaseDateTimeType> effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return Optional.of(observation.getEffectiveDateTimeType());
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return Optional.of(observation.getEffectivePeriod().getStartElement());
        }
        return Optional.empty();
    }

    private static long millis(BaseDateTimeType value) {
        return value.getValue() == null ? Long.MIN_VALUE : value.getValue().getTime();
    }
}
