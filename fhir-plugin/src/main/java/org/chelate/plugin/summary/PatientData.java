package org.chelate.plugin.summary;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/** One patient's resources, read from a {@link org.chelate.plugin.PatientRecordSource} or an inline Bundle. */
public record PatientData(String patientId, Patient patient, List<MedicationStatement> statements,
                          List<MedicationRequest> requests, Map<String, Medication> medications,
                          List<Observation> observations, List<Condition> conditions) {
    public PatientData {
        statements = List.copyOf(statements);
        requests = List.copyOf(requests);
        medications = Map.copyOf(medications);
        observations = List.copyOf(observations);
        conditions = List.copyOf(conditions);
    }
}
