package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.plugin.PatientRecordSource;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plugin's read API reads what was written over HTTP, per patient, without deleted resources. */
class StoreRecordSourceTest extends ServerPerBackend {

    private static Set<String> ids(java.util.List<? extends Resource> resources) {
        return resources.stream().map(r -> r.getIdElement().getIdPart()).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void readsAPatientsRecordFromTheStore(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Source"), "Plugin", "1980-02-02", null));
        String other = Fixtures.create(http, Fixtures.patient(unique("Source"), "Other", "1980-02-02", null));
        Medication medication = new Medication();
        medication.setCode(new CodeableConcept(new Coding(Fixtures.RXNORM, "1000001", null)));
        String medicationId = Fixtures.create(http, medication);
        MedicationStatement statement = Fixtures.statement(patient, "1000001", "2024-01-01", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE);
        String statementId = Fixtures.create(http, statement);
        String deletedStatement = Fixtures.create(http, statement);
        assertEquals(204, http.delete("MedicationStatement/" + deletedStatement).status());
        String requestId = Fixtures.create(http, Fixtures.request(patient, "1000001",
                MedicationRequest.MedicationRequestStatus.ACTIVE));
        String observationId = Fixtures.create(http, Fixtures.observation(patient, Fixtures.LOINC, "19123-9",
                "2024-02-02", "laboratory"));
        Fixtures.create(http, Fixtures.observation(other, Fixtures.LOINC, "19123-9", "2024-02-02", "laboratory"));
        Condition pregnancy = new Condition();
        pregnancy.setSubject(new Reference("Patient/" + patient));
        pregnancy.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "77386006", "Pregnant")));
        String conditionId = Fixtures.create(http, pregnancy);

        PatientRecordSource source = new ChelateRestfulServer(FhirHttp.CONTEXT, server(backend).database())
                .patientRecordSource();
        assertEquals(patient, source.patient(patient).orElseThrow().getIdElement().getIdPart());
        assertTrue(source.patient(unique("nobody")).isEmpty());
        assertTrue(source.patient("not valid!").isEmpty());
        assertEquals(Set.of(statementId), ids(source.medicationStatements(patient)));
        assertEquals(Set.of(requestId), ids(source.medicationRequests(patient)));
        assertEquals(Set.of(observationId), ids(source.observations(patient)));
        assertEquals(Set.of(conditionId), ids(source.conditions(patient)));
        assertEquals("77386006", source.conditions(patient).get(0).getCode().getCodingFirstRep().getCode());
        assertEquals(medicationId, source.medication(medicationId).orElseThrow().getIdElement().getIdPart());
        assertTrue(source.medicationStatements(unique("nobody")).isEmpty());
    }
}
