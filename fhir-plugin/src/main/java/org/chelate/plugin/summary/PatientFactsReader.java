package org.chelate.plugin.summary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.knowledge.Sex;
import org.chelate.plugin.patient.PatientStatusReader;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patient's facts at the summary's date, read by {@link PatientStatusReader} (age, sex, pregnancy, lactation), with
 * a note for each gap: no usable birth date means no age-specific limits; unknown pregnancy means non-pregnant limits.
 */
public final class PatientFactsReader {

    private PatientFactsReader() {
    }

    public static PatientFacts read(Patient patient, List<Observation> observations, List<Condition> conditions, LocalDate date) {
        List<String> notes = new ArrayList<>();
        Optional<LocalDate> birth = PatientStatusReader.birthDate(patient);
        if (birth.isEmpty()) {
            notes.add("Patient.birthDate is missing: age-specific RDA and UL are not shown");
            return new PatientFacts(Optional.empty(), notes);
        }
        if (birth.get().isAfter(date)) {
            notes.add("Patient.birthDate " + birth.get() + " is after the summary date: age-specific RDA and UL are not shown");
            return new PatientFacts(Optional.empty(), notes);
        }
        Sex sex = PatientStatusReader.sex(patient);
        if (sex == Sex.UNKNOWN || sex == Sex.OTHER) {
            notes.add("Patient.gender is " + (patient.hasGender() ? patient.getGender().toCode() : "missing")
                    + ": sex-specific values follow the knowledge pack's rule for an unknown sex");
        }
        PregnancyStatus pregnancy = PatientStatusReader.pregnancy(sex, observations, conditions, date);
        if (pregnancy == PregnancyStatus.UNKNOWN) {
            notes.add("pregnancy status unknown: non-pregnant limits are used");
        }
        boolean lactating = PatientStatusReader.lactating(sex, conditions);
        return new PatientFacts(Optional.of(PatientProfile.of(birth.get(), date, sex, pregnancy, lactating)), notes);
    }
}
