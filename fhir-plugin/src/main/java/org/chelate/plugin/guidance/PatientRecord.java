package org.chelate.plugin.guidance;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * The FHIR resources of one patient a hook call brings (prefetch or fetched), before mapping.
 *
 * @param patient       the Patient, or null when it could not be obtained (then {@code unavailable} holds PATIENT)
 * @param draftOrders   draft MedicationRequests of an order hook (empty otherwise)
 * @param orderContext  the hook is order-select or order-sign
 * @param unavailable   inputs that could not be obtained in time
 */
public record PatientRecord(String patientId, Patient patient, List<MedicationStatement> statements,
                            List<MedicationRequest> requests, List<Observation> observations,
                            List<Condition> conditions, Map<String, Medication> medications,
                            List<MedicationRequest> draftOrders, LocalDate date, boolean orderContext,
                            Set<Input> unavailable) {

    public PatientRecord {
        statements = List.copyOf(statements);
        requests = List.copyOf(requests);
        observations = List.copyOf(observations);
        conditions = List.copyOf(conditions);
        medications = Map.copyOf(medications);
        draftOrders = List.copyOf(draftOrders);
        unavailable = Set.copyOf(unavailable);
    }
}
