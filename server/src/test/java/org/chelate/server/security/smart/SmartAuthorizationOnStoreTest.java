package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.chelate.server.security.testing.AuditCapture;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.SecuredServerPerBackend;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SMART negative table on Chelate's real server and JDBC store, on H2 and on PostgreSQL through the same code:
 * another patient's compartment by read, search, {@code _include} and transaction; updates and deletes judged by the
 * stored version (the store fires no HAPI storage hooks, see {@link ResourceServiceLookup}); conditional writes.
 */
class SmartAuthorizationOnStoreTest extends SecuredServerPerBackend {

    private static final String JSON = "application/fhir+json";
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();

    /** Two fresh patients, and an Observation of the second: the first's token must not reach it. */
    private record TwoPatients(String own, String other, String otherObservation) {
    }

    private static TwoPatients seed(Backend backend) throws Exception {
        String system = token("system/*.*", null);
        String own = unique("p");
        String other = unique("q");
        for (String id : new String[] {own, other}) {
            Patient patient = new Patient();
            patient.setId(id);
            patient.addName().setFamily("Sensitive-" + id);
            HttpResponse<String> put = put(backend, "/Patient/" + id, system, PARSER.encodeResourceToString(patient));
            assertEquals(201, put.statusCode(), put.body());
        }
        HttpResponse<String> created = post(backend, "/Observation", system,
                PARSER.encodeResourceToString(observation(other)));
        assertEquals(201, created.statusCode(), created.body());
        return new TwoPatients(own, other, idOf(created));
    }

    // --- read, search, _include ---

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenReadsItsOwnCompartmentOnly(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        String token = token("patient/*.read", p.own());
        assertEquals(200, get(backend, "/Patient/" + p.own(), token).statusCode());
        assertForbidden(get(backend, "/Patient/" + p.other(), token));
        assertForbidden(get(backend, "/Observation/" + p.otherObservation(), token));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenSearchesItsOwnCompartmentOnly(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        String token = token("patient/*.read", p.own());
        HttpResponse<String> own = get(backend, "/Observation?patient=" + p.own(), token);
        assertEquals(200, own.statusCode(), own.body());
        assertForbidden(get(backend, "/Observation?patient=" + p.other(), token));
        assertForbidden(get(backend, "/Observation?subject=Patient/" + p.other(), token));
        assertForbidden(get(backend, "/Observation?_id=" + p.otherObservation(), token));
        assertForbidden(get(backend, "/Observation?code=http://loinc.org%7C19123-9", token));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenIncludeOfItsOwnPatientWorks(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        String token = token("patient/*.read", p.own());
        assertEquals(201, post(backend, "/Observation", token("patient/*.*", p.own()),
                PARSER.encodeResourceToString(observation(p.own()))).statusCode());
        HttpResponse<String> response = get(backend, "/Observation?patient=" + p.own() + "&_include=Observation:patient",
                token);
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = ids(response);
        assertTrue(ids.contains("Patient/" + p.own()), response.body());
        assertEquals(List.of("Patient/" + p.own()), ids.stream().filter(id -> id.startsWith("Patient/")).toList());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenIncludeThatPullsInAnotherPatientIsRefused(Backend backend) throws Exception {
        // in the own patient's compartment as performer, but about the other patient: _include would leak the other
        TwoPatients p = seed(backend);
        Observation shared = observation(p.other());
        shared.addPerformer(new Reference("Patient/" + p.own()));
        HttpResponse<String> created = post(backend, "/Observation", token("system/*.*", null),
                PARSER.encodeResourceToString(shared));
        assertEquals(201, created.statusCode(), created.body());
        String token = token("patient/*.read", p.own());
        HttpResponse<String> plain = get(backend, "/Observation/" + idOf(created), token);
        assertEquals(200, plain.statusCode(), "the performer's compartment holds it: " + plain.body());
        HttpResponse<String> leak = get(backend, "/Observation?_id=" + idOf(created)
                + "&_include=Observation:patient", token);
        assertForbidden(leak);
        assertTrue(!leak.body().contains("Sensitive-" + p.other()), leak.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenFollowsItsNextLinksButAnEditedOffsetLinkIsJudgedAsASearch(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        String writer = token("patient/*.*", p.own());
        for (int i = 0; i < 2; i++) {
            assertEquals(201, post(backend, "/Observation", writer, PARSER.encodeResourceToString(observation(p.own())))
                    .statusCode());
        }
        String token = token("patient/*.read", p.own());
        HttpResponse<String> first = get(backend, "/Observation?patient=" + p.own() + "&_count=1", token);
        assertEquals(200, first.statusCode(), first.body());
        String next = PARSER.parseResource(Bundle.class, first.body()).getLink("next").getUrl();
        assertTrue(next.contains("_offset=1"), next);
        HttpResponse<String> second = Http.get(java.net.URI.create(next), token);
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(1, ids(second).size());
        assertForbidden(Http.get(java.net.URI.create(next.replace("patient=" + p.own(), "patient=" + p.other())
                .replace("_offset=1", "_offset=0")), token));
        assertForbidden(get(backend, "/Observation?_offset=0&_count=5", token));
    }

    // --- writes judged by the stored version ---

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenCannotCreateInAnotherPatientsCompartment(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        assertForbidden(post(backend, "/Observation", token("patient/*.*", p.own()),
                PARSER.encodeResourceToString(observation(p.other()))));
        assertEquals(1, count(backend, "/Observation?patient=" + p.other()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenCannotOverwriteAnotherPatientsObservationBySendingItsOwnSubject(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        Observation hijack = observation(p.own());
        hijack.setId(p.otherObservation());
        try (AuditCapture audit = new AuditCapture()) {
            assertForbidden(put(backend, "/Observation/" + p.otherObservation(), token("patient/*.cruds", p.own()),
                    PARSER.encodeResourceToString(hijack)));
            assertTrue(audit.lines().stream().anyMatch(line -> line.contains("outcome=denied")
                    && line.contains("status=403") && line.contains("Observation/" + p.otherObservation())),
                    audit.lines().toString());
        }
        assertStillTheOthers(backend, p);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenCannotDeleteAnotherPatientsObservation(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        assertForbidden(Http.send(HttpRequest.newBuilder(fhir(backend, "/Observation/" + p.otherObservation()))
                .DELETE().header("Authorization", "Bearer " + token("patient/*.cruds", p.own()))));
        assertStillTheOthers(backend, p);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenCannotOverwriteAnotherPatientsObservationInATransaction(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        Observation hijack = observation(p.own());
        hijack.setId(p.otherObservation());
        Bundle bundle = transaction(Bundle.HTTPVerb.PUT, "Observation/" + p.otherObservation(), hijack);
        assertForbidden(post(backend, "", token("patient/*.cruds", p.own()), PARSER.encodeResourceToString(bundle)));
        assertStillTheOthers(backend, p);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenTransactionWithAnotherPatientsEntryWritesNothing(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        Bundle bundle = transaction(Bundle.HTTPVerb.POST, "Observation", observation(p.own()));
        bundle.addEntry(transaction(Bundle.HTTPVerb.POST, "Observation", observation(p.other())).getEntryFirstRep());
        assertForbidden(post(backend, "", token("patient/*.*", p.own()), PARSER.encodeResourceToString(bundle)));
        assertEquals(0, count(backend, "/Observation?patient=" + p.own()), "the whole transaction is refused");
        assertEquals(1, count(backend, "/Observation?patient=" + p.other()));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenCannotDeleteAnotherPatientsObservationInATransaction(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        Bundle bundle = transaction(Bundle.HTTPVerb.DELETE, "Observation/" + p.otherObservation(), null);
        assertForbidden(post(backend, "", token("patient/*.*", p.own()), PARSER.encodeResourceToString(bundle)));
        assertStillTheOthers(backend, p);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void conditionalWritesAreRefusedToPatientTokens(Backend backend) throws Exception {
        // a conditional write names no target the interceptor could check before the store runs it
        TwoPatients p = seed(backend);
        String token = token("patient/*.cruds", p.own());
        String query = "/Observation?patient=" + p.other();
        // the store serves no conditional update, so HAPI refuses it (400) before authorization runs; were it
        // added, the interceptor refuses it (403): either way it never reaches the other patient's resource
        int update = put(backend, query, token, PARSER.encodeResourceToString(observation(p.own()))).statusCode();
        assertTrue(update == 400 || update == 403, "conditional update: " + update);
        assertForbidden(Http.send(HttpRequest.newBuilder(fhir(backend, query)).DELETE()
                .header("Authorization", "Bearer " + token)));
        Bundle bundle = transaction(Bundle.HTTPVerb.PUT, "Observation?patient=" + p.other(), observation(p.own()));
        assertForbidden(post(backend, "", token, PARSER.encodeResourceToString(bundle)));
        assertStillTheOthers(backend, p);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientTokenUpdatesAndDeletesItsOwnObservation(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        String token = token("patient/*.cruds", p.own());
        HttpResponse<String> created = post(backend, "/Observation", token,
                PARSER.encodeResourceToString(observation(p.own())));
        assertEquals(201, created.statusCode(), created.body());
        String id = idOf(created);
        Observation changed = observation(p.own());
        changed.setId(id);
        changed.setStatus(Observation.ObservationStatus.AMENDED);
        HttpResponse<String> updated = put(backend, "/Observation/" + id, token, PARSER.encodeResourceToString(changed));
        assertEquals(200, updated.statusCode(), updated.body());
        HttpResponse<String> deleted = Http.send(HttpRequest.newBuilder(fhir(backend, "/Observation/" + id)).DELETE()
                .header("Authorization", "Bearer " + token));
        assertTrue(deleted.statusCode() == 200 || deleted.statusCode() == 204, deleted.statusCode() + deleted.body());
        assertEquals(410, get(backend, "/Observation/" + id, token("system/*.read", null)).statusCode());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void userScopesFollowTheTokensFhirUser(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        assertForbidden(get(backend, "/Observation?patient=" + p.other(), token("user/*.cruds", null)));
        String practitioner = TestTokens.withFhirUser("user/Observation.rs", "Practitioner/dr-1");
        assertEquals(200, get(backend, "/Observation/" + p.otherObservation(), practitioner).statusCode());
        assertEquals(1, PARSER.parseResource(Bundle.class,
                get(backend, "/Observation?patient=" + p.other(), practitioner).body()).getEntry().size());
        String patientUser = TestTokens.withFhirUser("user/*.cruds", "Patient/" + p.own());
        assertEquals(200, get(backend, "/Patient/" + p.own(), patientUser).statusCode());
        assertForbidden(get(backend, "/Observation/" + p.otherObservation(), patientUser));
        Observation hijack = observation(p.own());
        hijack.setId(p.otherObservation());
        assertForbidden(put(backend, "/Observation/" + p.otherObservation(), patientUser,
                PARSER.encodeResourceToString(hijack)));
        assertStillTheOthers(backend, p);
    }

    /** Tokens naming a SMART fhirUser. */
    private static final class TestTokens {
        static String withFhirUser(String scope, String fhirUser) {
            return org.chelate.server.security.testing.TestKeys.sign(key(), com.nimbusds.jose.JWSAlgorithm.ES256,
                    claims(scope, null).claim("fhirUser", fhirUser).build(), null);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void noTokenIs401AndAWrongScopeIs403(Backend backend) throws Exception {
        TwoPatients p = seed(backend);
        HttpResponse<String> anonymous = get(backend, "/Observation/" + p.otherObservation(), null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertForbidden(get(backend, "/Observation?patient=" + p.own(), token("patient/MedicationStatement.rs", p.own())));
        assertForbidden(post(backend, "/Observation", token("patient/Observation.rs", p.own()),
                PARSER.encodeResourceToString(observation(p.own()))));
    }

    private static void assertStillTheOthers(Backend backend, TwoPatients p) throws Exception {
        HttpResponse<String> response = get(backend, "/Observation/" + p.otherObservation(), token("system/*.read", null));
        assertEquals(200, response.statusCode(), response.body());
        Observation stored = PARSER.parseResource(Observation.class, response.body());
        assertEquals("Patient/" + p.other(), stored.getSubject().getReference());
        assertEquals("1", stored.getMeta().getVersionId(), "never written over");
    }

    /** A transaction of one entry; add more with {@code addEntry}. */
    private static Bundle transaction(Bundle.HTTPVerb verb, String url, Observation resource) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Bundle.BundleEntryComponent entry = bundle.addEntry().setResource(resource);
        if (resource != null && resource.hasId()) {
            entry.setFullUrl(url);
        }
        entry.getRequest().setMethod(verb).setUrl(url);
        return bundle;
    }

    private static int count(Backend backend, String search) throws Exception {
        HttpResponse<String> response = get(backend, search, token("system/*.read", null));
        assertEquals(200, response.statusCode(), response.body());
        return PARSER.parseResource(Bundle.class, response.body()).getEntry().size();
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        OperationOutcome outcome = PARSER.parseResource(OperationOutcome.class, response.body());
        assertNotNull(outcome.getIssueFirstRep().getDiagnostics());
    }

    private static List<String> ids(HttpResponse<String> response) {
        return PARSER.parseResource(Bundle.class, response.body()).getEntry().stream()
                .map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue()).sorted().toList();
    }

    private static String idOf(HttpResponse<String> created) {
        return PARSER.parseResource(Observation.class, created.body()).getIdElement().getIdPart();
    }

    private static Observation observation(String patient) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("19123-9");
        observation.setSubject(new Reference("Patient/" + patient));
        return observation;
    }

    private static HttpResponse<String> get(Backend backend, String path, String token) throws Exception {
        return Http.get(fhir(backend, path), token);
    }

    private static HttpResponse<String> post(Backend backend, String path, String token, String body) throws Exception {
        return Http.postJson(fhir(backend, path), token, JSON, body);
    }

    private static HttpResponse<String> put(Backend backend, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fhir(backend, path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", JSON)
                .header("Accept", JSON);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request);
    }
}
