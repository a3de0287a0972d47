package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.SecuredServerPerBackend;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A patient-context token learns nothing about another patient through a chain or {@code _has}: its own patient
 * links to the other one and the other's Observation names it as its focus, so without confinement
 * {@code Patient?_id=own&link:Patient.name=...} and {@code Patient?_id=own&_has:Observation:focus:code=...} would
 * answer questions about the other patient (a system token shows they would). On H2 and PostgreSQL.
 */
class SmartChainedSearchTest extends SecuredServerPerBackend {

    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

    private record Seeded(String own, String other, String otherName, String otherCode, String ownCode) {
    }

    private static Seeded seed(Backend backend) throws Exception {
        String system = token("system/*.*", null);
        String own = unique("p");
        String other = unique("q");
        String otherName = unique("Secret");
        Patient otherPatient = new Patient();
        otherPatient.setId(other);
        otherPatient.addName().setFamily(otherName);
        assertEquals(201, put(backend, "/Patient/" + other, system, otherPatient).statusCode());
        Patient ownPatient = new Patient();
        ownPatient.setId(own);
        ownPatient.addName().setFamily("Own-" + own);
        ownPatient.addLink().setOther(new Reference("Patient/" + other)).setType(Patient.LinkType.SEEALSO);
        assertEquals(201, put(backend, "/Patient/" + own, system, ownPatient).statusCode());
        String otherCode = unique("diagnosis");
        Observation aboutOther = observation(other, otherCode);
        aboutOther.addFocus(new Reference("Patient/" + own));
        assertEquals(201, post(backend, "/Observation", system, aboutOther).statusCode());
        String ownCode = unique("own");
        assertEquals(201, post(backend, "/Observation", system, observation(own, ownCode)).statusCode());
        return new Seeded(own, other, otherName, otherCode, ownCode);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void chainsAndHasOfAPatientTokenStayInItsCompartment(Backend backend) throws Exception {
        Seeded s = seed(backend);
        String leakByChain = "/Patient?_id=" + s.own() + "&link:Patient.name=" + s.otherName();
        String leakByHas = "/Patient?_id=" + s.own() + "&_has:Observation:focus:code=" + s.otherCode();
        String system = token("system/*.read", null);
        assertEquals(List.of("Patient/" + s.own()), ids(get(backend, leakByChain, system)), "the question is real");
        assertEquals(List.of("Patient/" + s.own()), ids(get(backend, leakByHas, system)), "the question is real");

        String patient = token("patient/*.read", s.own());
        assertEquals(List.of(), ids(get(backend, leakByChain, patient)));
        assertEquals(List.of(), ids(get(backend, leakByHas, patient)));
        assertEquals(List.of(), ids(get(backend, "/Observation?patient=" + s.own() + "&focus:Patient.name="
                + s.otherName(), patient)), "the other's Observation is not in the token's compartment anyway");

        assertEquals(List.of("Patient/" + s.own()), ids(get(backend, "/Patient?_id=" + s.own()
                + "&_has:Observation:patient:code=" + s.ownCode(), patient)), "its own _has works");
        assertEquals(1, ids(get(backend, "/Observation?patient=" + s.own() + "&subject:Patient.name=Own-"
                + s.own(), patient)).size(), "its own chain works");
        assertEquals(403, get(backend, "/Patient?_has:Observation:patient:code=" + s.otherCode(), patient)
                .statusCode(), "a search not naming its compartment is refused before it runs");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void chainsInBundleEntriesOfAPatientTokenAreRefused(Backend backend) throws Exception {
        Seeded s = seed(backend);
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
                .setUrl("Patient?_id=" + s.own() + "&link:Patient.name=" + s.otherName());
        String body = PARSER.encodeResourceToString(batch);
        assertEquals(403, Http.postJson(fhir(backend, ""), token("patient/*.read", s.own()),
                "application/fhir+json", body).statusCode());
        HttpResponse<String> system = Http.postJson(fhir(backend, ""), token("system/*.read", null),
                "application/fhir+json", body);
        assertEquals(200, system.statusCode(), system.body());
    }

    private static Observation observation(String patient, String code) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://example.org/codes").setCode(code);
        observation.setSubject(new Reference("Patient/" + patient));
        return observation;
    }

    private static List<String> ids(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return PARSER.parseResource(Bundle.class, response.body()).getEntry().stream()
                .map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).sorted().toList();
    }

    private static HttpResponse<String> get(Backend backend, String path, String token) throws Exception {
        return Http.get(fhir(backend, path), token);
    }

    private static HttpResponse<String> post(Backend backend, String path, String token, Resource body)
            throws Exception {
        return Http.postJson(fhir(backend, path), token, "application/fhir+json", PARSER.encodeResourceToString(body));
    }

    private static HttpResponse<String> put(Backend backend, String path, String token, Resource body)
            throws Exception {
        return Http.send(HttpRequest.newBuilder(fhir(backend, path))
                .PUT(HttpRequest.BodyPublishers.ofString(PARSER.encodeResourceToString(body)))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .header("Authorization", "Bearer " + token));
    }
}
