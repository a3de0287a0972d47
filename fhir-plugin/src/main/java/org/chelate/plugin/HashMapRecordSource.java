package org.chelate.plugin;

import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A {@link PatientRecordSource} over HAPI's in-memory {@link HashMapResourceProvider}s, for a plain HAPI server
 * (and for tests). Reads the current versions the providers hold.
 */
public final class HashMapRecordSource implements PatientRecordSource {

    private final HashMapResourceProvider<Patient> patients;
    private final HashMapResourceProvider<MedicationStatement> statements;
    private final HashMapResourceProvider<MedicationRequest> requests;
    private final HashMapResourceProvider<Observation> observations;
    private final HashMapResourceProvider<Condition> conditions;
    private final HashMapResourceProvider<Medication> medications;

    public HashMapRecordSource(HashMapResourceProvider<Patient> patients,
            HashMapResourceProvider<MedicationStatement> statements, HashMapResourceProvider<MedicationRequest> requests,
            HashMapResourceProvider<Observation> observations, HashMapResourceProvider<Condition> conditions,
            HashMapResourceProvider<Medication> medications) {
        this.patients = patients;
        this.statements = statements;
        this.requests = requests;
        this.observations = observations;
        this.conditions = conditions;
        this.medications = medications;
    }

    @Override
    public Optional<Patient> patient(String id) {
        return byId(patients, id);
    }

    @Override
    public List<MedicationStatement> medicationStatements(String patientId) {
        return ofPatient(statements, patientId, MedicationStatement::getSubject);
    }

    @Override
    public List<MedicationRequest> medicationRequests(String patientId) {
        return ofPatient(requests, patientId, MedicationRequest::getSubject);
    }

    @Override
    public List<Observation> observations(String patientId) {
        return ofPatient(observations, patientId, Observation::getSubject);
    }

    @Override
    public List<Condition> conditions(String patientId) {
        return ofPatient(conditions, patientId, Condition::getSubject);
    }

    @Override
    public Optional<Medication> medication(String id) {
        return byId(medications, id);
    }

    private static <T extends Resource> Optional<T> byId(HashMapResourceProvider<T> provider, String id) {
        return provider.getStoredResources().stream()
                .filter(r -> id.equals(r.getIdElement().getIdPart()))
                .findFirst();
    }

    private static <T extends Resource> List<T> ofPatient(HashMapResourceProvider<T> provider, String patientId,
            Function<T, Reference> subject) {
        return provider.getStoredResources().stream()
                .filter(r -> {
                    Reference reference = subject.apply(r);
                    if (reference == null || !reference.hasReference()) {
                        return false;
                    }
                    IdType id = new IdType(reference.getReference());
                    return "Patient".equals(id.getResourceType()) && patientId.equals(id.getIdPart());
                })
                .toList();
    }
}
