package org.chelate.server.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chelate.plugin.PatientRecordSource;
import org.chelate.server.store.SearchSpec;
import org.chelate.server.store.StoreTransaction;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * The plugin's view of a patient's record, read straight from the store (no HTTP): current, not deleted versions,
 * found through the same {@code patient} index as {@code GET [type]?patient=id}. Ids that are not FHIR ids have no
 * record (empty), rather than an error.
 */
final class StoreRecordSource implements PatientRecordSource {

    private static final int PAGE = 1000;

    private final ResourceService service;

    StoreRecordSource(ResourceService service) {
        this.service = service;
    }

    @Override
    public Optional<Patient> patient(String id) {
        return current("Patient", id, Patient.class);
    }

    @Override
    public Optional<Medication> medication(String id) {
        return current("Medication", id, Medication.class);
    }

    @Override
    public List<MedicationStatement> medicationStatements(String patientId) {
        return ofPatient("MedicationStatement", patientId, MedicationStatement.class);
    }

    @Override
    public List<MedicationRequest> medicationRequests(String patientId) {
        return ofPatient("MedicationRequest", patientId, MedicationRequest.class);
    }

    @Override
    public List<Observation> observations(String patientId) {
        return ofPatient("Observation", patientId, Observation.class);
    }

    @Override
    public List<Condition> conditions(String patientId) {
        return ofPatient("Condition", patientId, Condition.class);
    }

    private <T> Optional<T> current(String type, String id, Class<T> javaType) {
        if (!FhirIds.isValid(id)) {
            return Optional.empty();
        }
        return service.store().read(tx -> tx.readCurrent(type, id))
                .filter(stored -> !stored.deleted())
                .map(stored -> javaType.cast(service.codec().decode(stored)));
    }

    private <T> List<T> ofPatient(String type, String patientId, Class<T> javaType) {
        if (!FhirIds.isValid(patientId) || !service.params().supports(type)) {
            return List.of();
        }
        SearchSpec spec = new SearchSpec(type,
                List.of(new SearchSpec.References("patient", List.of(new SearchSpec.RefValue("Patient", patientId)))),
                List.of());
        return service.store().read(tx -> readAll(tx, spec, javaType));
    }

    private <T> List<T> readAll(StoreTransaction tx, SearchSpec spec, Class<T> javaType) {
        List<T> all = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<StoredVersion> page = tx.search(spec, offset, PAGE);
            for (StoredVersion stored : page) {
                all.add(javaType.cast(service.codec().decode(stored)));
            }
            if (page.size() < PAGE) {
                return all;
            }
        }
    }
}
