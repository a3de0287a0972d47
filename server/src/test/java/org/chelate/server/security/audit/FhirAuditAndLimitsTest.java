package org.chelate.server.security.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.parser.IParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.chelate.server.security.limits.BodyShapeLimits;
import org.chelate.server.security.limits.FhirBodyLimitsInterceptor;
import org.chelate.server.security.smart.AccessTokenVerifier;
import org.chelate.server.security.smart.SmartAuthorizationInterceptor;
import org.chelate.server.security.testing.AuditCapture;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestFhirServer;
import org.chelate.server.security.testing.TestKeys;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Audit lines and body-shape limits on a real HAPI server behind the SMART interceptor. */
class FhirAuditAndLimitsTest {

    private static final String ISSUER = "https://auth.example.org";
    private static final String JSON = "application/fhir+json";
    private static final IParser PARSER = TestFhirServer.FHIR.newJsonParser();

    static ECKey key;
    static TestFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        key = TestKeys.ec(Curve.P_256, "k");
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), null, Duration.ofSeconds(60));
        server = new TestFhirServer(new FhirBodyLimitsInterceptor(new BodyShapeLimits(20, 5)),
                new SmartAuthorizationInterceptor(verifier, TestFhirServer.FHIR), new FhirAuditInterceptor());
        Patient patient = new Patient();
        patient.setId("p1");
        patient.addName().setFamily("Sensitive-Surname");
        server.seed(patient);
        Patient other = new Patient();
        other.setId("p2");
        server.seed(other);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void writeIsAuditedWithIdsOnly() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            Observation observation = observation("p1");
            observation.getValueStringType().setValue("Sensitive-Surname felt better");
            HttpResponse<String> response = post("/Observation", token("patient/*.*", "p1"),
                    PARSER.encodeResourceToString(observation));
            assertEquals(201, response.statusCode(), response.body());
            String id = PARSER.parseResource(Observation.class, response.body()).getIdElement().getIdPart();

            List<String> lines = audit.lines();
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertTrue(line.startsWith("event=fhir-write outcome=success status=201 op=create"), line);
            assertTrue(line.contains("id=Observation/" + id + "/_history/1"), line);
            assertTrue(line.contains("who=user-7") && line.contains("client=app-1") && line.contains("patient=p1"), line);
            assertTrue(!line.contains("Sensitive"), "no resource content in the audit line: " + line);
        }
    }

    @Test
    void userScopedWriteNamesTheFhirUser() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            Instant now = Instant.now();
            String token = TestKeys.sign(key, JWSAlgorithm.ES256, new JWTClaimsSet.Builder().issuer(ISSUER)
                    .subject("user-9").expirationTime(Date.from(now.plusSeconds(300))).claim("client_id", "app-1")
                    .claim("scope", "user/Observation.cruds").claim("fhirUser", "Practitioner/dr-1").build(), null);
            HttpResponse<String> response = post("/Observation", token, PARSER.encodeResourceToString(observation("p2")));
            assertEquals(201, response.statusCode(), response.body());
            List<String> lines = audit.lines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).contains("who=user-9 client=app-1 user=Practitioner/dr-1"), lines.get(0));
        }
    }

    @Test
    void deniedReadIsAudited() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            assertEquals(403, get("/Patient/p2", token("patient/*.read", "p1")).statusCode());
            assertEquals(401, get("/Patient?name=Sensitive-Surname", null).statusCode());
            List<String> lines = audit.lines();
            assertEquals(2, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("event=fhir-access outcome=denied status=403 op=read"), lines.get(0));
            assertTrue(lines.get(0).contains("id=Patient/p2") && lines.get(0).contains("who=user-7"), lines.get(0));
            assertTrue(lines.get(1).contains("status=401") && lines.get(1).contains("who=anonymous"), lines.get(1));
            assertTrue(lines.stream().noneMatch(l -> l.contains("Sensitive")), "no query strings: " + lines);
        }
    }

    @Test
    void readsAreNotAudited() throws Exception {
        try (AuditCapture audit = new AuditCapture()) {
            assertEquals(200, get("/Patient/p1", token("patient/*.read", "p1")).statusCode());
            assertEquals(List.of(), audit.lines());
        }
    }

    @Test
    void tooDeepJsonIs400WithOperationOutcome() throws Exception {
        String deep = "{\"resourceType\":\"Observation\",\"extension\":" + "[{\"extension\":".repeat(30)
                + "[]" + "}]".repeat(30) + "}";
        HttpResponse<String> response = post("/Observation", token("patient/*.*", "p1"), deep);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(PARSER.parseResource(OperationOutcome.class, response.body()).getIssueFirstRep().getDiagnostics()
                .contains("deeper than 20"));
    }

    @Test
    void bundleWithTooManyEntriesIs413() throws Exception {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 6; i++) {
            bundle.addEntry().setResource(observation("p1")).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
        }
        HttpResponse<String> response = post("", token("patient/*.*", "p1"), PARSER.encodeResourceToString(bundle));
        assertEquals(413, response.statusCode(), response.body());
        PARSER.parseResource(OperationOutcome.class, response.body());
    }

    @Test
    void tooDeepXmlIs400() throws Exception {
        String deep = "<Observation xmlns=\"http://hl7.org/fhir\">" + "<extension>".repeat(30) + "</extension>".repeat(30)
                + "</Observation>";
        HttpResponse<String> response = Http.postJson(URI.create(server.base() + "/Observation"),
                token("patient/*.*", "p1"), "application/fhir+xml", deep);
        assertEquals(400, response.statusCode(), response.body());
    }

    private static Observation observation(String patient) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("symptom score");
        observation.setSubject(new Reference("Patient/" + patient));
        return observation;
    }

    private static String token(String scope, String patient) {
        Instant now = Instant.now();
        return TestKeys.sign(key, JWSAlgorithm.ES256, new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-7")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .claim("client_id", "app-1").claim("scope", scope).claim("patient", patient).build(), null);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return Http.get(URI.create(server.base() + path), token);
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        return Http.postJson(URI.create(server.base() + path), token, JSON, body);
    }
}
