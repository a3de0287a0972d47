package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.parser.IParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.chelate.server.security.jwt.KeySets;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestFhirServer;
import org.chelate.server.security.testing.TestKeys;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SMART scopes enforced by HAPI's AuthorizationInterceptor on a real Jetty, with real signed access tokens. */
class SmartAuthorizationTest {

    private static final String ISSUER = "https://auth.example.org";
    private static final String JSON = "application/fhir+json";
    private static final IParser PARSER = TestFhirServer.FHIR.newJsonParser();

    @TempDir
    static Path dir;

    static RSAKey rsaKey;
    static ECKey ecKey;
    static TestFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        rsaKey = TestKeys.rsa("auth-rsa");
        ecKey = TestKeys.ec(Curve.P_256, "auth-ec");
        Path jwks = TestKeys.writePublicJwks(dir.resolve("auth.jwks.json"), rsaKey, ecKey);
        // the audience is the FHIR base, which is known only once Jetty has a port: accept any aud here and test
        // the audience check in AccessTokenVerifierTest
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER, KeySets.fromFile(jwks), null, Duration.ofSeconds(60));
        server = new TestFhirServer(new SmartAuthorizationInterceptor(verifier, TestFhirServer.FHIR));

        server.seed(patient("p1"));
        server.seed(patient("p2"));
        server.seed(observation("o1", "p1"));
        server.seed(observation("o2", "p2"));
        MedicationStatement ms1 = medicationStatement("ms1", "p1");
        ms1.setInformationSource(new Reference("Patient/p2")); // p1's record naming another patient
        server.seed(ms1);
        server.seed(medicationStatement("ms2", "p2"));
        CodeSystem codeSystem = new CodeSystem();
        codeSystem.setId("chelate-salts");
        codeSystem.setUrl("https://chelate.example.org/CodeSystem/salts").setStatus(Enumerations.PublicationStatus.ACTIVE);
        server.seed(codeSystem);
        org.hl7.fhir.r4.model.Medication medication = new org.hl7.fhir.r4.model.Medication();
        medication.setId("mg-glycinate");
        medication.getCode().setText("magnesium bisglycinate 500 mg");
        server.seed(medication);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    // --- open without a token ---

    @Test
    void metadataNeedsNoToken() throws Exception {
        assertEquals(200, get("/metadata", null).statusCode());
    }

    @Test
    void terminologyReadNeedsNoToken() throws Exception {
        HttpResponse<String> response = get("/CodeSystem/chelate-salts", null);
        assertEquals(200, response.statusCode(), response.body());
    }

    // --- 401 ---

    @Test
    void clinicalReadWithoutTokenIs401WithBearerChallenge() throws Exception {
        HttpResponse<String> response = get("/Observation/o1", null);
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertOperationOutcome(response);
    }

    @Test
    void tokenSignedByAnotherKeyIs401InvalidToken() throws Exception {
        RSAKey stranger = TestKeys.rsa("auth-rsa");
        String token = TestKeys.sign(stranger, JWSAlgorithm.RS256, claims("patient/*.read", "p1").build(), null);
        HttpResponse<String> response = get("/Observation/o1", token);
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void expiredTokenIs401() throws Exception {
        Instant past = Instant.now().minusSeconds(3600);
        String token = TestKeys.sign(rsaKey, JWSAlgorithm.RS256, claims("patient/*.read", "p1")
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build(), null);
        assertEquals(401, get("/Observation/o1", token).statusCode());
    }

    @Test
    void tokenFromAnotherIssuerIs401() throws Exception {
        String token = TestKeys.sign(rsaKey, JWSAlgorithm.RS256,
                claims("patient/*.read", "p1").issuer("https://other-auth.example.org").build(), null);
        assertEquals(401, get("/Observation/o1", token).statusCode());
    }

    @Test
    void hmacTokenIs401() throws Exception {
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader(JWSAlgorithm.HS256),
                claims("system/*.*", null).build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(rsaKey.toRSAPublicKey().getEncoded()));
        assertEquals(401, get("/Observation/o2", jwt.serialize()).statusCode());
    }

    // --- patient compartment: read, search, _include, writes, transaction ---

    @Test
    void patientTokenReadsOwnCompartment() throws Exception {
        String token = token("patient/*.read", "p1");
        assertEquals(200, get("/Observation/o1", token).statusCode());
        assertEquals(200, get("/Patient/p1", token).statusCode());
    }

    @Test
    void patientTokenCannotReadOtherPatientsResources() throws Exception {
        String token = token("patient/*.read", "p1");
        assertForbidden(get("/Observation/o2", token));
        assertForbidden(get("/Patient/p2", token));
    }

    @Test
    void patientTokenSearchSeesOnlyOwnCompartment() throws Exception {
        String token = token("patient/*.read", "p1");
        HttpResponse<String> own = get("/Observation?subject=Patient/p1", token);
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(ids(own).contains("Observation/o1"), own.body());
        assertEquals(List.of("Patient/p1"), subjects(own), "other tests may add p1 observations, never others'");
        assertForbidden(get("/Observation?subject=Patient/p2", token));
    }

    @Test
    void patientTokenIncludeOfOwnPatientWorks() throws Exception {
        HttpResponse<String> response = get("/Observation?subject=Patient/p1&_include=Observation:subject",
                token("patient/*.read", "p1"));
        assertEquals(200, response.statusCode(), response.body());
        List<String> ids = ids(response);
        assertTrue(ids.contains("Observation/o1") && ids.contains("Patient/p1"), response.body());
        assertEquals(List.of("Patient/p1"), ids.stream().filter(id -> id.startsWith("Patient/")).toList());
    }

    @Test
    void patientTokenIncludeThatPullsInAnotherPatientIsRefused() throws Exception {
        // ms1 is p1's, but its informationSource is Patient/p2: including it would leak p2
        String token = token("patient/*.read", "p1");
        assertEquals(200, get("/MedicationStatement?subject=Patient/p1", token).statusCode());
        assertForbidden(get("/MedicationStatement?subject=Patient/p1&_include=MedicationStatement:source", token));
    }

    @Test
    void patientTokenCreatesInOwnCompartmentOnly() throws Exception {
        String token = token("patient/*.read patient/*.write", "p1");
        HttpResponse<String> own = post("/Observation", token, PARSER.encodeResourceToString(observation(null, "p1")));
        assertEquals(201, own.statusCode(), own.body());
        assertForbidden(post("/Observation", token, PARSER.encodeResourceToString(observation(null, "p2"))));
    }

    @Test
    void patientTokenCannotOverwriteOtherPatientsResourceEvenWithOwnSubject() throws Exception {
        String token = token("patient/*.*", "p1");
        Observation hijack = observation("o2", "p1");
        HttpResponse<String> response = put("/Observation/o2", token, PARSER.encodeResourceToString(hijack));
        assertForbidden(response);
        Observation stored = (Observation) server.stored("Observation", "o2");
        assertEquals("Patient/p2", stored.getSubject().getReference());
    }

    @Test
    void patientTokenTransactionWithAnotherPatientsEntryIsRefused() throws Exception {
        String token = token("patient/*.*", "p1");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(observation(null, "p1")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        bundle.addEntry().setResource(observation(null, "p2")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        int before = server.providers.get("Observation").getStoredResources().size();
        assertForbidden(post("", token, PARSER.encodeResourceToString(bundle)));
        assertEquals(before, server.providers.get("Observation").getStoredResources().size());
    }

    @Test
    void patientTokenTransactionInOwnCompartmentWorks() throws Exception {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        bundle.addEntry().setResource(observation(null, "p1")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        HttpResponse<String> response = post("", token("patient/*.*", "p1"), PARSER.encodeResourceToString(bundle));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void patientScopeWithoutPatientContextGrantsNothing() throws Exception {
        assertForbidden(get("/Observation/o1", token("patient/*.read", null)));
    }

    @Test
    void patientTokenMayRunInstanceOperationsOnItsOwnPatientOnly() throws Exception {
        String token = token("patient/*.read", "p1");
        HttpResponse<String> own = get("/Patient/p1/$test-summary", token);
        assertEquals(200, own.statusCode(), own.body());
        assertForbidden(get("/Patient/p2/$test-summary", token));
        assertForbidden(get("/Patient/p1/$test-summary", token("patient/Observation.read", "p1")));
    }

    @Test
    void patientReadScopeReadsSharedMedicationsButCannotWriteThem() throws Exception {
        assertEquals(200, get("/Medication/mg-glycinate", token("patient/*.read", "p1")).statusCode());
        assertEquals(200, get("/Medication/mg-glycinate", token("patient/Medication.rs", "p1")).statusCode());
        assertForbidden(get("/Medication/mg-glycinate", token("patient/Observation.read", "p1")));
        assertForbidden(post("/Medication", token("patient/*.*", "p1"),
                "{\"resourceType\":\"Medication\",\"code\":{\"text\":\"x\"}}"));
    }

    // --- scopes that do not cover the request: 403 ---

    @Test
    void scopeForAnotherTypeIs403() throws Exception {
        String token = token("patient/Observation.read", "p1");
        assertEquals(200, get("/Observation/o1", token).statusCode());
        assertForbidden(get("/MedicationStatement?subject=Patient/p1", token));
    }

    @Test
    void readScopeCannotWrite() throws Exception {
        assertForbidden(post("/Observation", token("patient/*.read", "p1"),
                PARSER.encodeResourceToString(observation(null, "p1"))));
    }

    @Test
    void v2SearchOnlyScopeSearchesButCannotReadById() throws Exception {
        String token = token("patient/Observation.s", "p1");
        assertEquals(200, get("/Observation?subject=Patient/p1", token).statusCode());
        assertForbidden(get("/Observation/o1", token));
    }

    @Test
    void v2ReadSearchScopeWorksLikeV1Read() throws Exception {
        String token = token("patient/Observation.rs", "p1");
        assertEquals(200, get("/Observation/o1", token).statusCode());
        assertForbidden(get("/Observation/o2", token));
    }

    @Test
    void userWriteScopeCreatesButDoesNotRead() throws Exception {
        String token = userToken("user/MedicationStatement.write", "Practitioner/dr-1");
        HttpResponse<String> created = post("/MedicationStatement", token,
                PARSER.encodeResourceToString(medicationStatement(null, "p2")));
        assertEquals(201, created.statusCode(), created.body());
        assertForbidden(get("/MedicationStatement/ms1", token));
    }

    // --- user/ scopes: need a fhirUser; a Practitioner gets the types, a Patient user its own compartment ---

    @Test
    void userScopeWithoutFhirUserGrantsNothing() throws Exception {
        assertForbidden(get("/Observation/o1", token("user/*.read", null)));
        assertForbidden(get("/Observation?subject=Patient/p1", token("user/Observation.rs", null)));
    }

    @Test
    void userScopeOfAPractitionerCoversItsTypes() throws Exception {
        String token = userToken("user/Observation.rs", "https://ehr.example.org/fhir/Practitioner/dr-1");
        assertEquals(200, get("/Observation/o1", token).statusCode());
        assertEquals(200, get("/Observation/o2", token).statusCode());
        assertEquals(200, get("/Observation?subject=Patient/p2", token).statusCode());
        assertForbidden(get("/MedicationStatement/ms1", token));
    }

    @Test
    void userScopeOfAPatientUserCoversOnlyTheirOwnCompartment() throws Exception {
        String token = userToken("user/*.cruds", "Patient/p1");
        assertEquals(200, get("/Observation/o1", token).statusCode());
        assertForbidden(get("/Observation/o2", token));
        assertForbidden(get("/Observation?subject=Patient/p2", token));
        assertForbidden(post("/Observation", token, PARSER.encodeResourceToString(observation(null, "p2"))));
        assertForbidden(put("/Observation/o2", token, PARSER.encodeResourceToString(observation("o2", "p1"))));
        assertEquals("Patient/p2", ((Observation) server.stored("Observation", "o2")).getSubject().getReference());
    }

    @Test
    void fhirUserThatNamesNoUserResourceIs401() throws Exception {
        HttpResponse<String> response = get("/Observation/o1", userToken("user/*.read", "Observation/o1"));
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void systemScopeReadsEverything() throws Exception {
        String token = token("system/*.*", null);
        assertEquals(200, get("/Observation/o2", token).statusCode());
        assertEquals(200, get("/Patient/p1", token).statusCode());
    }

    @Test
    void es256TokensWork() throws Exception {
        String token = TestKeys.sign(ecKey, JWSAlgorithm.ES256, claims("system/*.read", null).build(), null);
        assertEquals(200, get("/Observation/o2", token).statusCode());
    }

    // --- helpers ---

    private static String token(String scope, String patient) {
        return TestKeys.sign(rsaKey, JWSAlgorithm.RS256, claims(scope, patient).build(), null);
    }

    private static String userToken(String scope, String fhirUser) {
        return TestKeys.sign(rsaKey, JWSAlgorithm.RS256, claims(scope, null).claim("fhirUser", fhirUser).build(), null);
    }

    private static JWTClaimsSet.Builder claims(String scope, String patient) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject("user-7").audience(server == null ? "x" : server.base())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("client_id", "app-1").claim("scope", scope);
        if (patient != null) {
            claims.claim("patient", patient);
        }
        return claims;
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return Http.get(URI.create(server.base() + path), token);
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return Http.postJson(URI.create(server.base() + path), token, JSON, body);
    }

    private static HttpResponse<String> put(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", JSON).header("Authorization", "Bearer " + token);
        return Http.send(request);
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertOperationOutcome(response);
    }

    private static void assertOperationOutcome(HttpResponse<String> response) {
        OperationOutcome outcome = PARSER.parseResource(OperationOutcome.class, response.body());
        assertNotNull(outcome.getIssueFirstRep().getDiagnostics());
    }

    private static List<String> ids(HttpResponse<String> response) {
        Bundle bundle = PARSER.parseResource(Bundle.class, response.body());
        return bundle.getEntry().stream()
                .map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
                .sorted().collect(Collectors.toList());
    }

    private static List<String> subjects(HttpResponse<String> response) {
        Bundle bundle = PARSER.parseResource(Bundle.class, response.body());
        return bundle.getEntry().stream()
                .map(e -> ((Observation) e.getResource()).getSubject().getReference())
                .distinct().sorted().collect(Collectors.toList());
    }

    private static Patient patient(String id) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily("Test-" + id);
        return patient;
    }

    private static Observation observation(String id, String patientId) {
        Observation observation = new Observation();
        if (id != null) {
            observation.setId(id);
        }
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem("http://loinc.org").setCode("19123-9");
        observation.setSubject(new Reference("Patient/" + patientId));
        return observation;
    }

    private static MedicationStatement medicationStatement(String id, String patientId) {
        MedicationStatement statement = new MedicationStatement();
        if (id != null) {
            statement.setId(id);
        }
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.getMedicationCodeableConcept().setText("magnesium glycinate");
        statement.setSubject(new Reference("Patient/" + patientId));
        return statement;
    }
}
