package org.chelate.server.app;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.chelate.plugin.PatientRecordSource;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code GET [base]/Patient/{id}/$clinician-view}: what the clinician view needs beyond {@code $regimen-summary} and
 * plain searches. It runs under the FHIR API's SMART authorization like any operation on the patient (a
 * patient-scoped token reaches only its own patient), so the page never holds a CDS Hooks credential.
 * <ul>
 *   <li>{@code card}: each current CDS card of the patient-view service, as CDS Hooks JSON (valueString): the same
 *       engine and text an EHR gets, over the patient's stored record;</li>
 *   <li>{@code interaction}: each interacting drug on record with the knowledge pack's separation windows
 *       ({@link InteractionWindows});</li>
 *   <li>{@code labCode}: the lab codes the view charts ({@code system}, {@code code}, {@code analyte}, {@code unit}).</li>
 * </ul>
 */
public final class ClinicianViewProvider {

    static final String PATIENT_VIEW_SERVICE = "chelate-patient-view";

    private final PatientRecordSource source;
    private final CdsHooksService cds;
    private final InteractionWindows windows;
    private final IParser parser = FhirContext.forR4Cached().newJsonParser();

    public ClinicianViewProvider(PatientRecordSource source, CdsHooksService cds) {
        this.source = source;
        this.cds = cds;
        this.windows = new InteractionWindows(cds.pack());
    }

    @Operation(name = "$clinician-view", type = Patient.class, idempotent = true)
    public Parameters clinicianView(@IdParam IdType id) {
        String patientId = id.getIdPart();
        Patient patient = source.patient(patientId).orElseThrow(() -> new ResourceNotFoundException(id));
        List<MedicationStatement> statements = source.medicationStatements(patientId);
        List<MedicationRequest> requests = source.medicationRequests(patientId);
        Map<String, Medication> medications = referencedMedications(statements, requests);
        Parameters out = new Parameters();
        JsonNode answer = cds.invoke(PATIENT_VIEW_SERVICE, patientView(patient, statements, requests, medications));
        for (JsonNode card : answer.path("cards")) {
            out.addParameter().setName("card").setValue(new StringType(card.toString()));
        }
        List<Resource> orders = new ArrayList<>(statements);
        orders.addAll(requests);
        for (Resource order : orders) {
            windows.of(order, concept(order, medications)).ifPresent(w -> w.addTo(out.addParameter()));
        }
        InteractionWindows.labCodes(out);
        return out;
    }

    private ObjectNode patientView(Patient patient, List<MedicationStatement> statements,
            List<MedicationRequest> requests, Map<String, Medication> medications) {
        String patientId = patient.getIdElement().getIdPart();
        ObjectNode request = cds.json().createObjectNode();
        request.put("hookInstance", UUID.randomUUID().toString());
        request.put("hook", "patient-view");
        request.putObject("context").put("patientId", patientId);
        ObjectNode prefetch = request.putObject("prefetch");
        prefetch.set("patient", tree(patient));
        List<Resource> statementEntries = new ArrayList<>(statements);
        statementEntries.addAll(medications.values());
        prefetch.set("medicationStatements", tree(bundle(statementEntries)));
        prefetch.set("medicationRequests", tree(bundle(requests)));
        prefetch.set("observations", tree(bundle(source.observations(patientId))));
        prefetch.set("conditions", tree(bundle(source.conditions(patientId))));
        return request;
    }

    private Map<String, Medication> referencedMedications(List<MedicationStatement> statements,
            List<MedicationRequest> requests) {
        Map<String, Medication> found = new LinkedHashMap<>();
        List<Reference> references = new ArrayList<>();
        statements.stream().filter(MedicationStatement::hasMedicationReference)
                .forEach(s -> references.add(s.getMedicationReference()));
        requests.stream().filter(MedicationRequest::hasMedicationReference)
                .forEach(r -> references.add(r.getMedicationReference()));
        for (Reference reference : references) {
            String ref = reference.getReference();
            if (ref != null && ref.startsWith("Medication/")) {
                String medicationId = ref.substring("Medication/".length());
                source.medication(medicationId).ifPresent(m -> found.put(medicationId, m));
            }
        }
        return found;
    }

    /** The record's medication code: its own concept, a contained or a stored Medication's code, or null. */
    private static CodeableConcept concept(Resource order, Map<String, Medication> medications) {
        CodeableConcept concept = null;
        Reference reference = null;
        if (order instanceof MedicationStatement s) {
            concept = s.hasMedicationCodeableConcept() ? s.getMedicationCodeableConcept() : null;
            reference = s.hasMedicationReference() ? s.getMedicationReference() : null;
        } else if (order instanceof MedicationRequest r) {
            concept = r.hasMedicationCodeableConcept() ? r.getMedicationCodeableConcept() : null;
            reference = r.hasMedicationReference() ? r.getMedicationReference() : null;
        }
        if (concept != null || reference == null || reference.getReference() == null) {
            return concept;
        }
        String ref = reference.getReference();
        if (ref.startsWith("#") && order instanceof org.hl7.fhir.r4.model.DomainResource owner) {
            for (Resource contained : owner.getContained()) {
                if (contained instanceof Medication m && ref.substring(1).equals(m.getIdElement().getIdPart())) {
                    return m.getCode();
                }
            }
            return null;
        }
        Medication stored = medications.get(ref.substring(ref.indexOf('/') + 1));
        return stored == null ? null : stored.getCode();
    }

    private static Bundle bundle(List<? extends Resource> resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        resources.forEach(r -> bundle.addEntry().setResource(r));
        return bundle;
    }

    private JsonNode tree(Resource resource) {
        try {
            return cds.json().readTree(parser.encodeResourceToString(resource));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("HAPI wrote JSON that does not parse", e);
        }
    }
}
