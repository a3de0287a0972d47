package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.chelate.server.ChelateServer;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FhirCrudTest {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createReadAndSearchByPatient(Backend backend) throws Exception {
        try (ChelateServer server = ChelateServer.start(backend.freshConfig(tempDir))) {
            FhirHttp http = new FhirHttp(server.fhirBase());
            Patient patient = new Patient();
            patient.addName().setFamily("Lovelace").addGiven("Ada");
            FhirHttp.Reply created = http.post("Patient", patient);
            assertEquals(201, created.status(), created.body());
            String location = created.header("Location");
            assertNotNull(location);
            String patientId = created.as(Patient.class).getIdElement().getIdPart();
            assertTrue(location.contains("/Patient/" + patientId + "/_history/1"), location);
            assertEquals("W/\"1\"", created.header("ETag"));

            FhirHttp.Reply read = http.get("Patient/" + patientId);
            assertEquals(200, read.status(), read.body());
            assertEquals("Lovelace", read.as(Patient.class).getNameFirstRep().getFamily());
            assertEquals("1", read.as(Patient.class).getMeta().getVersionId());

            for (int i = 0; i < 3; i++) {
                Observation observation = new Observation();
                observation.setStatus(Observation.ObservationStatus.FINAL);
                observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "19123-9", "Magnesium")));
                observation.setSubject(new Reference("Patient/" + patientId));
                observation.setEffective(new DateTimeType("2024-03-0" + (i + 1)));
                assertEquals(201, http.post("Observation", observation).status());
            }
            Observation other = new Observation();
            other.setStatus(Observation.ObservationStatus.FINAL);
            other.setCode(new CodeableConcept(new Coding("http://loinc.org", "19123-9", null)));
            other.setSubject(new Reference("Patient/someone-else"));
            assertEquals(201, http.post("Observation", other).status());

            FhirHttp.Reply search = http.get("Observation?patient=" + patientId);
            assertEquals(200, search.status(), search.body());
            Bundle bundle = search.bundle();
            assertEquals(3, bundle.getTotal());
            assertEquals(3, bundle.getEntry().size());
        }
    }
}
