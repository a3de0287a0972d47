package org.chelate.plugin.regimen;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;

/**
 * Maps MedicationStatements and MedicationRequests to {@link Regimen}s. Thread-safe; one instance can be shared.
 */
public final class RegimenMapper {

    /**
     * @param statements MedicationStatements of one patient
     * @param requests   MedicationRequests of the same patient (orders); a request that a statement names in
     *                   {@code basedOn} is not counted twice
     * @param referenced Medications the records reference, by id ("123" or "Medication/123"); contained ones are
     *                   found in the record itself
     */
    public RegimenMapping map(List<MedicationStatement> statements, List<MedicationRequest> requests,
            Map<String, Medication> referenced) {
        throw new UnsupportedOperationException("mapping rules are being written (issue 4)");
    }

    public RegimenMapping map(List<MedicationStatement> statements) {
        return map(statements, List.of(), Map.of());
    }
}
