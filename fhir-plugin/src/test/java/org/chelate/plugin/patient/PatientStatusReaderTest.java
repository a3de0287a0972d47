package org.chelate.plugin.patient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.guidance.Fhir;
import org.chelate.plugin.guidance.Scenario;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.knowledge.Sex;
import org.chelate.plugin.summary.PatientData;
import org.chelate.plugin.summary.RegimenSummaryService;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.junit.jupiter.api.Test;

/**
 * The one reading of age, sex, pregnancy and lactation, checked alone and through both its users: the regimen summary
 * and the CDS Hooks guidance must see the same patient in the same record.
 */
class PatientStatusReaderTest {

    private static final LocalDate TODAY = Scenario.TODAY;
    private static final RegimenSummaryService SUMMARY = RegimenSummaryService.create(KnowledgePack.loadDefault(), Map.of());

    @Test
    void pregnancyFromTheLatestStatusOnOrBeforeTheDate() {
        Observation old = Fhir.pregnancyStatus("LA15173-0", "Pregnant", TODAY.minusDays(300));
        Observation recent = Fhir.pregnancyStatus("LA26683-5", "Not pregnant", TODAY.minusDays(3));
        Observation future = Fhir.pregnancyStatus("LA15173-0", "Pregnant", TODAY.plusDays(10));
        assertBothSidesRead(PregnancyStatus.NOT_PREGNANT, female(), List.of(old, recent, future), List.of());
        assertBothSidesRead(PregnancyStatus.KNOWN_PREGNANT, female(), List.of(recent, old.setEffective(
                new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(1).toString()))), List.of());
    }

    @Test
    void snomedAnswersAndPeriodsAndUndatedStatusesAreRead() {
        Observation snomed = Fhir.pregnancyStatus("77386006", "Pregnant", TODAY.minusDays(5));
        snomed.setEffective(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType(
                TODAY.minusDays(5).toString())));
        assertBothSidesRead(PregnancyStatus.KNOWN_PREGNANT, female(), List.of(snomed), List.of());
        Observation undated = Fhir.pregnancyStatus("60001007", "Not pregnant", TODAY);
        undated.setEffective(null);
        assertBothSidesRead(PregnancyStatus.NOT_PREGNANT, female(), List.of(undated), List.of());
        Observation dated = Fhir.pregnancyStatus("LA15173-0", "Pregnant", TODAY.minusDays(40));
        assertBothSidesRead(PregnancyStatus.KNOWN_PREGNANT, female(), List.of(undated, dated), List.of(),
                "an undated status is older than any dated one");
    }

    @Test
    void enteredInErrorStatusesAreIgnored() {
        Observation wrong = Fhir.pregnancyStatus("LA15173-0", "Pregnant", TODAY.minusDays(1));
        wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        assertBothSidesRead(PregnancyStatus.UNKNOWN, female(), List.of(wrong), List.of());
    }

    @Test
    void pregnancyFromAConditionByTextOrBySnomedCode() {
        assertBothSidesRead(PregnancyStatus.KNOWN_PREGNANT, female(), List.of(),
                List.of(Fhir.problem("preg", "Pregnancy, 20 weeks")));
        Condition coded = Fhir.problem("preg", null);
        coded.setCode(new CodeableConcept().addCoding(new Coding("http://snomed.info/sct", "77386006", null)));
        assertBothSidesRead(PregnancyStatus.KNOWN_PREGNANT, female(), List.of(), List.of(coded));
        Condition resolved = Fhir.problem("preg", "Pregnancy");
        resolved.setClinicalStatus(new CodeableConcept().addCoding(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "resolved", null)));
        assertBothSidesRead(PregnancyStatus.UNKNOWN, female(), List.of(), List.of(resolved));
    }

    @Test
    void aMaleIsNeitherPregnantNorLactating() {
        Patient male = Fhir.patient("1984-05-10", AdministrativeGender.MALE);
        List<Condition> conditions = List.of(Fhir.problem("preg", "Pregnancy"), Fhir.problem("lac", "Lactation"));
        assertBothSidesRead(PregnancyStatus.NOT_PREGNANT, male,
                List.of(Fhir.pregnancyStatus("LA15173-0", "Pregnant", TODAY.minusDays(1))), conditions);
        assertFalse(PatientStatusReader.lactating(Sex.MALE, conditions));
        assertTrue(PatientStatusReader.lactating(Sex.FEMALE, conditions));
        assertTrue(Scenario.of(female()).with(Fhir.problem("lac", "Breast-feeding")).picture().profile().lactating(),
                "the guidance reads lactation too");
    }

    @Test
    void birthDateToTheFirstDayItCovers() {
        Patient patient = new Patient();
        assertEquals(Optional.empty(), PatientStatusReader.birthDate(patient));
        patient.setBirthDateElement(new DateType("1980-05"));
        assertEquals(Optional.of(LocalDate.of(1980, 5, 1)), PatientStatusReader.birthDate(patient));
        patient.setBirthDateElement(new DateType("1980"));
        assertEquals(Optional.of(LocalDate.of(1980, 1, 1)), PatientStatusReader.birthDate(patient));
        Scenario partial = Scenario.of(patient.setGender(AdministrativeGender.FEMALE));
        PatientProfile guidance = partial.picture().profile();
        PatientProfile summary = summaryProfile(patient, List.of(), List.of());
        assertEquals(summary.ageInMonths(), guidance.ageInMonths(), "both sides count the same age");
    }

    private static Patient female() {
        return Fhir.patient("1984-05-10", AdministrativeGender.FEMALE);
    }

    private static void assertBothSidesRead(PregnancyStatus expected, Patient patient, List<Observation> observations,
            List<Condition> conditions) {
        assertBothSidesRead(expected, patient, observations, conditions, "");
    }

    private static void assertBothSidesRead(PregnancyStatus expected, Patient patient, List<Observation> observations,
            List<Condition> conditions, String why) {
        Sex sex = PatientStatusReader.sex(patient);
        assertEquals(expected, PatientStatusReader.pregnancy(sex, observations, conditions, TODAY), why);
        assertEquals(expected, summaryProfile(patient, observations, conditions).pregnancy(), "summary: " + why);
        Scenario scenario = Scenario.of(patient).with(observations.toArray(new Observation[0]))
                .with(conditions.toArray(new Condition[0]));
        assertEquals(expected, scenario.picture().profile().pregnancy(), "guidance: " + why);
    }

    private static PatientProfile summaryProfile(Patient patient, List<Observation> observations,
            List<Condition> conditions) {
        PatientData data = new PatientData("p1", patient, List.of(), List.of(), Map.of(), observations, conditions);
        return SUMMARY.summarise(data, TODAY).facts().profile().orElseThrow();
    }
}
