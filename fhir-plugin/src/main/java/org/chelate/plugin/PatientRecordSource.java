package org.chelate.plugin;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * Where the plugin reads a patient's record from, so that it works on any HAPI server: the Chelate server implements it
 * over its JDBC store, a plain HAPI server over its resource providers. Ids are bare logical ids ("123", not
 * "Patient/123"). Lists may be empty, never null.
 */
public interface PatientRecordSource {

    Optional<Patient> patient(String id);

    /** MedicationStatements whose subject is Patient/{patientId}, any status. */
    List<MedicationStatement> medicationStatements(String patientId);

    /** MedicationRequests whose subject is Patient/{patientId}, any status and intent. */
    List<MedicationRequest> medicationRequests(String patientId);

    /** Observations whose subject is Patient/{patientId}. */
    List<Observation> observations(String patientId);

    /** Conditions whose subject is Patient/{patientId}. */
    List<Condition> conditions(String patientId);

    /** A Medication by logical id, for statements that reference one. */
    Optional<Medication> medication(String id);
}
