package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** Resources for the tests, and creating them over HTTP. */
final class Fixtures {

    static final String LOINC = "http://loinc.org";
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String MRN = "urn:oid:1.2.36.146.595.217.0.1";

    private Fixtures() {
    }

    static Patient patient(String family, String given, String birthDate, String mrn) {
        Patient patient = new Patient();
        patient.addName().setFamily(family).addGiven(given);
        patient.setBirthDateElement(new DateType(birthDate));
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        if (mrn != null) {
            patient.addIdentifier().setSystem(MRN).setValue(mrn);
        }
        return patient;
    }

    static Observation observation(String patientId, String system, String code, String effective, String category) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding(system, code, null)));
        observation.setSubject(new Reference("Patient/" + patientId));
        if (effective != null) {
            observation.setEffective(new DateTimeType(effective));
        }
        if (category != null) {
            observation.addCategory(new CodeableConcept(new Coding(OBS_CATEGORY, category, null)));
        }
        return observation;
    }

    static MedicationStatement statement(String patientId, String rxnorm, String start, String end,
            MedicationStatement.MedicationStatementStatus status) {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(status);
        statement.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, null)));
        statement.setSubject(new Reference("Patient/" + patientId));
        Period period = new Period().setStartElement(new DateTimeType(start));
        if (end != null) {
            period.setEndElement(new DateTimeType(end));
        }
        statement.setEffective(period);
        return statement;
    }

    static MedicationRequest request(String patientId, String rxnorm, MedicationRequest.MedicationRequestStatus status) {
        MedicationRequest request = new MedicationRequest();
        request.setStatus(status);
        request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        request.setMedication(new CodeableConcept(new Coding(RXNORM, rxnorm, null)));
        request.setSubject(new Reference("Patient/" + patientId));
        return request;
    }

    /** POSTs and returns the new id (asserting 201). */
    static String create(FhirHttp http, org.hl7.fhir.r4.model.Resource resource) {
        FhirHttp.Reply reply = http.post(resource.fhirType(), resource);
        assertEquals(201, reply.status(), reply.body());
        return reply.as(resource.getClass()).getIdElement().getIdPart();
    }
}
