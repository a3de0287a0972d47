package org.chelate.plugin.cdshooks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.plugin.guidance.Input;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/** The parsed, type-checked prefetch of one call (sent by the client or fetched), and what could not be had in time. */
record PrefetchedData(Patient patient, List<MedicationStatement> statements, List<MedicationRequest> requests,
                      List<Observation> observations, List<Condition> conditions, Map<String, Medication> medications,
                      Set<Input> unavailable) {
}
