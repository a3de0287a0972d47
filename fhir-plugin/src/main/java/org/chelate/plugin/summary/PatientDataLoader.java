package org.chelate.plugin.summary;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.PatientRecordSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/** Gathers one patient's resources from a {@link PatientRecordSource} or from an inline Bundle. */
public final class PatientDataLoader {

    private PatientDataLoader() {
    }

    /** The patient's data, or empty when the source has no such patient. */
    public static Optional<PatientData> fromSource(PatientRecordSource source, String patientId) {
        Optional<Patient> patient = source.patient(patientId);
        if (patient.isEmpty()) {
            return Optional.empty();
        }
        List<MedicationStatement> statements = source.medicationStatements(patientId);
        List<MedicationRequest> requests = source.medicationRequests(patientId);
        Map<String, Medication> medications = new HashMap<>();
        List<Reference> references = new ArrayList<>();
        statements.stream().filter(MedicationStatement::hasMedicationReference).map(MedicationStatement::getMedicationReference).forEach(references::add);
        requests.stream().filter(MedicationRequest::hasMedicationReference).map(MedicationRequest::getMedicationReference).forEach(references::add);
        for (Reference reference : references) {
            String ref = reference.getReference();
            if (ref == null || ref.startsWith("#") || medications.containsKey(ref)) {
                continue;
            }
            IdType id = new IdType(ref);
            if (id.hasResourceType() && !"Medication".equals(id.getResourceType())) {
                continue;
            }
            source.medication(id.getIdPart()).ifPresent(m -> medications.put(ref, m));
        }
        return Optional.of(new PatientData(patientId, patient.get(), statements, requests, medications,
                source.observations(patientId), source.conditions(patientId)));
    }

    /**
     * The data of one patient in a Bundle (any type): the Patient with {@code patientId} (or the only Patient when no id
     * is given), and the MedicationStatements, MedicationRequests, Observations and Conditions whose subject is that
     * patient — or that have no subject at all, so that the summary reports them.
     *
     * @throws ResourceNotFoundException when the Bundle holds no Patient with that id
     * @throws InvalidRequestException   when no id is given and the Bundle does not hold exactly one Patient
     */
    public static PatientData fromBundle(Bundle bundle, Optional<String> patientId) {
        List<BundleEntryComponent> entries = bundle.getEntry().stream().filter(BundleEntryComponent::hasResource).toList();
        List<BundleEntryComponent> patients = entries.stream().filter(e -> e.getResource() instanceof Patient).toList();
        BundleEntryComponent patientEntry;
        if (patientId.isPresent()) {
            patientEntry = patients.stream()
                    .filter(e -> patientId.get().equals(e.getResource().getIdElement().getIdPart()))
                    .findFirst()
                    .orElseThrow(() -> new ResourceNotFoundException("Patient/" + patientId.get() + " is not in the posted Bundle"));
        } else if (patients.size() == 1) {
            patientEntry = patients.get(0);
        } else {
            throw new InvalidRequestException("the posted Bundle must hold exactly one Patient, it holds " + patients.size());
        }
        Patient patient = (Patient) patientEntry.getResource();
        String id = patient.getIdElement().hasIdPart() ? patient.getIdElement().getIdPart() : "inline";
        Set<String> patientRefs = new java.util.HashSet<>();
        patientRefs.add("Patient/" + id);
        if (patientEntry.hasFullUrl()) {
            patientRefs.add(patientEntry.getFullUrl());
        }

        List<MedicationStatement> statements = new ArrayList<>();
        List<MedicationRequest> requests = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        Map<String, Medication> medications = new HashMap<>();
        for (BundleEntryComponent entry : entries) {
            Resource resource = entry.getResource();
            if (resource instanceof Medication medication) {
                if (entry.hasFullUrl()) {
                    medications.put(entry.getFullUrl(), medication);
                }
                if (medication.getIdElement().hasIdPart()) {
                    medications.put("Medication/" + medication.getIdElement().getIdPart(), medication);
                }
            } else if (resource instanceof MedicationStatement s && belongs(s.getSubject(), patientRefs)) {
                statements.add(s);
            } else if (resource instanceof MedicationRequest r && belongs(r.getSubject(), patientRefs)) {
                requests.add(r);
            } else if (resource instanceof Observation o && belongs(o.getSubject(), patientRefs)) {
                observations.add(o);
            } else if (resource instanceof Condition c && belongs(c.getSubject(), patientRefs)) {
                conditions.add(c);
            }
        }
        return new PatientData(id, patient, statements, requests, medications, observations, conditions);
    }

    private static boolean belongs(Reference subject, Set<String> patientRefs) {
        if (subject == null || !subject.hasReference()) {
            return true;
        }
        String ref = subject.getReference();
        if (patientRefs.contains(ref)) {
            return true;
        }
        IdType id = new IdType(ref);
        return id.hasIdPart() && "Patient".equals(id.getResourceType())
                && patientRefs.contains("Patient/" + id.getIdPart());
    }
}
