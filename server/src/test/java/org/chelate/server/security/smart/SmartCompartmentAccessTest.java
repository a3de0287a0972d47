package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpResponse;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.SecuredServerPerBackend;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compartment search, {@code $everything}, system search and system history under SMART: a patient's token reaches
 * its own patient's compartment and never another's; system-level search and history span every patient, so a token
 * confined to one patient is refused them (403), while a system token gets them.
 */
class SmartCompartmentAccessTest extends SecuredServerPerBackend {

    private static final String JSON = "application/fhir+json";
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

    private record Two(String own, String other) {
    }

    private static Two seed(Backend backend) throws Exception {
        String system = token("system/*.*", null);
        Two two = new Two(unique("p"), unique("q"));
        for (String id : new String[] {two.own(), two.other()}) {
            Patient patient = new Patient();
            patient.setId(id);
            HttpResponse<String> put = Http.send(java.net.http.HttpRequest.newBuilder(fhir(backend, "/Patient/" + id))
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(PARSER.encodeResourceToString(patient)))
                    .header("Content-Type", JSON).header("Accept", JSON).header("Authorization", "Bearer " + system));
            assertEquals(201, put.statusCode(), put.body());
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setSubject(new Reference("Patient/" + id));
            observation.getCode().addCoding().setSystem("http://loinc.org").setCode("19123-9");
            HttpResponse<String> created = Http.postJson(fhir(backend, "/Observation"), system, JSON,
                    PARSER.encodeResourceToString(observation));
            assertEquals(201, created.statusCode(), created.body());
        }
        return two;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPatientTokenSearchesAndFetchesItsOwnCompartmentOnly(Backend backend) throws Exception {
        Two p = seed(backend);
        String token = token("patient/*.read", p.own());
        HttpResponse<String> own = Http.get(fhir(backend, "/Patient/" + p.own() + "/Observation"), token);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals(1, PARSER.parseResource(Bundle.class, own.body()).getTotal());
        HttpResponse<String> everything = Http.get(fhir(backend, "/Patient/" + p.own() + "/$everything"), token);
        assertEquals(200, everything.statusCode(), everything.body());
        assertEquals(2, PARSER.parseResource(Bundle.class, everything.body()).getTotal());

        assertForbidden(Http.get(fhir(backend, "/Patient/" + p.other() + "/Observation"), token));
        assertForbidden(Http.get(fhir(backend, "/Patient/" + p.own() + "/Observation?subject:Patient.name=x"), token));
        assertForbidden(Http.get(fhir(backend, "/Patient/" + p.other() + "/Encounter"), token)); // empty, still 403
        assertForbidden(Http.get(fhir(backend, "/Patient/" + p.other() + "/$everything"), token));
        assertForbidden(Http.get(fhir(backend, "/?_type=Observation"), token));
        assertForbidden(Http.get(fhir(backend, "/?_type=Patient&_id=" + p.own()), token));
        assertForbidden(Http.get(fhir(backend, "/_history"), token));
        assertForbidden(Http.get(fhir(backend, "/Patient/" + p.other() + "/Observation"),
                token("launch/patient patient/Observation.rs", p.own())));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aSystemTokenUsesSystemSearchAndHistoryAndAnyCompartment(Backend backend) throws Exception {
        Two p = seed(backend);
        String token = token("system/*.read", null);
        HttpResponse<String> search = Http.get(fhir(backend, "/?_type=Patient&_id=" + p.own() + "," + p.other()), token);
        assertEquals(200, search.statusCode(), search.body());
        assertEquals(2, PARSER.parseResource(Bundle.class, search.body()).getTotal());
        assertEquals(200, Http.get(fhir(backend, "/_history?_count=2"), token).statusCode());
        assertEquals(200, Http.get(fhir(backend, "/Patient/" + p.other() + "/$everything"), token).statusCode());
        assertEquals(401, Http.get(fhir(backend, "/_history"), null).statusCode());
        assertEquals(401, Http.get(fhir(backend, "/Patient/" + p.own() + "/Observation"), null).statusCode());
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("OperationOutcome"), response.body());
    }
}
