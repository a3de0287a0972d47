package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.SecuredServerPerBackend;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PATCH under SMART scopes: a patch needs write scope for the patient whose resource it changes, judged on the stored
 * resource and on the patched result (a patch that moves the own patient's Observation to another patient is refused),
 * alone and as a transaction entry.
 */
class SmartPatchTest extends SecuredServerPerBackend {

    private static final String JSON = "application/fhir+json";
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

    private record Seeded(String own, String other, String ownObservation, String otherObservation) {
    }

    private static Seeded seed(Backend backend) throws Exception {
        String system = token("system/*.*", null);
        String own = unique("p");
        String other = unique("q");
        for (String id : new String[] {own, other}) {
            Patient patient = new Patient();
            patient.setId(id);
            assertEquals(201, send(backend, "PUT", "/Patient/" + id, system, JSON,
                    PARSER.encodeResourceToString(patient)).statusCode());
        }
        return new Seeded(own, other, observation(backend, own), observation(backend, other));
    }

    private static String observation(Backend backend, String patient) throws Exception {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("magnesium");
        observation.setSubject(new Reference("Patient/" + patient));
        HttpResponse<String> created = send(backend, "POST", "/Observation", token("system/*.*", null), JSON,
                PARSER.encodeResourceToString(observation));
        assertEquals(201, created.statusCode(), created.body());
        return PARSER.parseResource(Observation.class, created.body()).getIdElement().getIdPart();
    }

    private static final String AMEND = "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]";

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aPatientTokenPatchesItsOwnResourcesOnlyAndNeedsWriteScope(Backend backend) throws Exception {
        Seeded s = seed(backend);
        String writer = token("patient/Observation.cruds", s.own());
        HttpResponse<String> own = send(backend, "PATCH", "/Observation/" + s.ownObservation(), writer, JSON_PATCH,
                AMEND);
        assertEquals(200, own.statusCode(), own.body());
        assertEquals(403, send(backend, "PATCH", "/Observation/" + s.otherObservation(), writer, JSON_PATCH, AMEND)
                .statusCode());
        assertEquals(403, send(backend, "PATCH", "/Observation/" + s.ownObservation(),
                token("patient/Observation.rs", s.own()), JSON_PATCH, AMEND).statusCode(), "read scope cannot patch");
        assertEquals(401, send(backend, "PATCH", "/Observation/" + s.ownObservation(), null, JSON_PATCH, AMEND)
                .statusCode());
        // moving the own Observation into the other patient's compartment: the result is judged too
        HttpResponse<String> moved = send(backend, "PATCH", "/Observation/" + s.ownObservation(), writer, JSON_PATCH,
                "[{\"op\":\"replace\",\"path\":\"/subject/reference\",\"value\":\"Patient/" + s.other() + "\"}]");
        assertEquals(403, moved.statusCode(), moved.body());
        // conditional patch: its target is unknown until the store runs it, so a patient token may not
        assertEquals(403, send(backend, "PATCH", "/Observation?subject=Patient/" + s.other(), writer, JSON_PATCH,
                AMEND).statusCode());
        assertUnchanged(backend, s.otherObservation(), s.other(), "1");
        assertUnchanged(backend, s.ownObservation(), s.own(), "2");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTransactionPatchOfAnotherPatientsResourceIsRefusedWhole(Backend backend) throws Exception {
        Seeded s = seed(backend);
        String writer = token("patient/Observation.cruds", s.own());
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (String id : new String[] {s.ownObservation(), s.otherObservation()}) {
            Binary patch = new Binary().setContentType(JSON_PATCH);
            patch.setData(AMEND.getBytes(StandardCharsets.UTF_8));
            bundle.addEntry().setResource(patch).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
                    .setUrl("Observation/" + id);
        }
        HttpResponse<String> refused = send(backend, "POST", "/", writer, JSON, PARSER.encodeResourceToString(bundle));
        assertEquals(403, refused.statusCode(), refused.body());
        assertUnchanged(backend, s.otherObservation(), s.other(), "1");
        assertUnchanged(backend, s.ownObservation(), s.own(), "1");

        bundle.getEntry().remove(1);
        HttpResponse<String> own = send(backend, "POST", "/", writer, JSON, PARSER.encodeResourceToString(bundle));
        assertEquals(200, own.statusCode(), own.body());
        assertUnchanged(backend, s.ownObservation(), s.own(), "2");
    }

    private static void assertUnchanged(Backend backend, String observation, String patient, String version)
            throws Exception {
        HttpResponse<String> read = Http.get(fhir(backend, "/Observation/" + observation),
                token("system/*.read", null));
        Observation stored = PARSER.parseResource(Observation.class, read.body());
        assertEquals("Patient/" + patient, stored.getSubject().getReference());
        assertEquals(version, stored.getMeta().getVersionId());
    }

    private static HttpResponse<String> send(Backend backend, String method, String path, String token,
            String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fhir(backend, path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", contentType)
                .header("Accept", JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }
}
