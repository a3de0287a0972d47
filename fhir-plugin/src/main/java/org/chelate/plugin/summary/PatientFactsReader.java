package org.chelate.plugin.summary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.knowledge.Sex;
import org.chelate.plugin.regimen.Dates;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * Age from Patient.birthDate at the summary's date, sex from Patient.gender, pregnancy from the latest Observation
 * LOINC 82810-3 (LA15173-0 pregnant, LA26683-5 not pregnant; SNOMED CT 77386006 / 60001007 also read) or an active
 * Condition naming pregnancy — the conventions of ../shared/README.md. Unknown pregnancy means non-pregnant limits,
 * and a note says so.
 */
public final class PatientFactsReader {

    static final String PREGNANCY_STATUS = "82810-3";
    private static final Pattern PREGNANCY = Pattern.compile("pregnan", Pattern.CASE_INSENSITIVE);
    private static final Pattern LACTATION = Pattern.compile("lactat|breast[- ]?feed", Pattern.CASE_INSENSITIVE);

    private PatientFactsReader() {
    }

    public static PatientFacts read(Patient patient, List<Observation> observations, List<Condition> conditions, LocalDate date) {
        List<String> notes = new ArrayList<>();
        Optional<LocalDate> birth = patient.hasBirthDateElement() ? Dates.firstDay(patient.getBirthDateElement()) : Optional.empty();
        if (birth.isEmpty()) {
            notes.add("Patient.birthDate is missing: age-specific RDA and UL are not shown");
            return new PatientFacts(Optional.empty(), notes);
        }
        if (birth.get().isAfter(date)) {
            notes.add("Patient.birthDate " + birth.get() + " is after the summary date: age-specific RDA and UL are not shown");
            return new PatientFacts(Optional.empty(), notes);
        }
        Sex sex = Sex.fromFhirGender(patient.hasGender() ? patient.getGender().toCode() : null);
        if (sex == Sex.UNKNOWN || sex == Sex.OTHER) {
            notes.add("Patient.gender is " + (patient.hasGender() ? patient.getGender().toCode() : "missing")
                    + ": sex-specific values follow the knowledge pack's rule for an unknown sex");
        }
        PregnancyStatus pregnancy = sex == Sex.MALE ? PregnancyStatus.NOT_PREGNANT : pregnancy(observations, conditions, date);
        if (pregnancy == PregnancyStatus.UNKNOWN) {
            notes.add("pregnancy status unknown: non-pregnant limits are used");
        }
        boolean lactating = sex != Sex.MALE && conditions.stream().filter(PatientFactsReader::active)
                .anyMatch(c -> mentions(c.getCode(), LACTATION));
        return new PatientFacts(Optional.of(PatientProfile.of(birth.get(), date, sex, pregnancy, lactating)), notes);
    }

    private static PregnancyStatus pregnancy(List<Observation> observations, List<Condition> conditions, LocalDate date) {
        if (conditions.stream().filter(PatientFactsReader::active).anyMatch(c -> mentions(c.getCode(), PREGNANCY))) {
            return PregnancyStatus.KNOWN_PREGNANT;
        }
        Optional<Observation> latest = observations.stream()
                .filter(o -> o.getCode().getCoding().stream()
                        .anyMatch(c -> ChelateSystems.LOINC.equals(c.getSystem()) && PREGNANCY_STATUS.equals(c.getCode())))
                .filter(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR)
                .filter(o -> effective(o).map(d -> !d.isAfter(date)).orElse(false))
                .max(Comparator.comparing(o -> effective(o).orElseThrow()));
        if (latest.isEmpty() || !latest.get().hasValueCodeableConcept()) {
            return PregnancyStatus.UNKNOWN;
        }
        for (Coding coding : latest.get().getValueCodeableConcept().getCoding()) {
            String code = coding.getCode();
            if ("LA15173-0".equals(code) || "77386006".equals(code)) {
                return PregnancyStatus.KNOWN_PREGNANT;
            }
            if ("LA26683-5".equals(code) || "60001007".equals(code)) {
                return PregnancyStatus.NOT_PREGNANT;
            }
        }
        return PregnancyStatus.UNKNOWN;
    }

    private static Optional<LocalDate> effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return Dates.firstDay(observation.getEffectiveDateTimeType());
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return Dates.firstDay(observation.getEffectivePeriod().getStartElement());
        }
        return Optional.empty();
    }

    private static boolean active(Condition condition) {
        if (condition.hasVerificationStatus() && condition.getVerificationStatus().getCoding().stream()
                .anyMatch(c -> "entered-in-error".equals(c.getCode()) || "refuted".equals(c.getCode()))) {
            return false;
        }
        return !condition.hasClinicalStatus() || condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> "active".equals(c.getCode()) || "recurrence".equals(c.getCode()) || "relapse".equals(c.getCode()));
    }

    private static boolean mentions(CodeableConcept concept, Pattern pattern) {
        if (concept == null) {
            return false;
        }
        if (concept.hasText() && pattern.matcher(concept.getText()).find()) {
            return true;
        }
        return concept.getCoding().stream().anyMatch(c -> c.hasDisplay() && pattern.matcher(c.getDisplay()).find()
                || "77386006".equals(c.getCode()) && pattern == PREGNANCY);
    }
}
