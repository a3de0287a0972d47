package org.chelate.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.chelate.server.security.testing.AuditCapture;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestFhirServer;
import org.chelate.server.security.testing.TestJetty;
import org.chelate.server.security.testing.TestKeys;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe defaults at start, and the pieces installed together the way the server does it. */
class ServerSecurityTest {

    /** The URL clients call (--public-url): CDS Hooks tokens name it in their aud. */
    private static final String PUBLIC_URL = "https://chelate.example.org";

    @TempDir
    Path dir;

    @Test
    void loopbackWithoutIssuerRunsOpenAndSaysSo() throws Exception {
        ServerSecurity security = ServerSecurity.configure("127.0.0.1", SecuritySettings.none());
        assertTrue(security.fhirOpen() && security.cdsOpen());
        assertTrue(security.startLineNote().startsWith("OPEN"), security.startLineNote());
        assertTrue(security.startLineNote().contains("--auth-issuer"), security.startLineNote());
        assertTrue(ServerSecurity.configure("localhost", SecuritySettings.none()).fhirOpen());
        assertTrue(ServerSecurity.configure("::1", SecuritySettings.none()).fhirOpen());
    }

    @Test
    void otherAddressesWithoutIssuerRefuseToStartNamingTheOptions() {
        for (String host : new String[] {"0.0.0.0", "", "192.0.2.10"}) {
            InsecureStartException e = assertThrows(InsecureStartException.class,
                    () -> ServerSecurity.configure(host, SecuritySettings.none()));
            assertTrue(e.getMessage().contains("--auth-issuer") && e.getMessage().contains("--cds-trust")
                    && e.getMessage().contains("--insecure"), e.getMessage());
        }
    }

    @Test
    void halfSecuredIsStillRefusedOffLoopback() throws Exception {
        SecuritySettings fhirOnly = SecuritySettings.none().withAuth("https://auth", jwks().toString(), null);
        InsecureStartException e = assertThrows(InsecureStartException.class,
                () -> ServerSecurity.configure("0.0.0.0", fhirOnly));
        assertTrue(e.getMessage().contains("--cds-trust") && !e.getMessage().contains("--auth-issuer"), e.getMessage());
    }

    @Test
    void insecureFlagStartsButSaysSo() throws Exception {
        ServerSecurity security = ServerSecurity.configure("0.0.0.0", SecuritySettings.none().withInsecure(true));
        assertTrue(security.startLineNote().startsWith("INSECURE"), security.startLineNote());
    }

    @Test
    void issuerWithoutKeysIsRefused() {
        InsecureStartException e = assertThrows(InsecureStartException.class, () -> ServerSecurity.configure(
                "127.0.0.1", SecuritySettings.none().withAuth("https://auth", null, null)));
        assertTrue(e.getMessage().contains("--auth-jwks"), e.getMessage());
    }

    @Test
    void fullyConfiguredStartsAnywhereWithNoNote() throws Exception {
        ServerSecurity security = ServerSecurity.configure("0.0.0.0", secured());
        assertFalse(security.fhirOpen() || security.cdsOpen());
        assertEquals("", security.startLineNote());
    }

    @Test
    void outboundFetchReachesOnlyTheAllowlist() throws Exception {
        assertFalse(ServerSecurity.configure("127.0.0.1", SecuritySettings.none()).outboundFetchPolicy()
                .allows("https://ehr.example.org/fhir"));
        var policy = ServerSecurity.configure("127.0.0.1", SecuritySettings.none()
                .withFhirServerAllowlist(java.util.Set.of("https://ehr.example.org"))).outboundFetchPolicy();
        assertTrue(policy.allows("https://ehr.example.org/fhir"));
        assertFalse(policy.allows("https://ehr.example.org:8443/fhir"));
        assertFalse(policy.allows("http://ehr.example.org/fhir"));
    }

    @Test
    void badOutboundOriginOrPublicUrlIsAStartErrorNamingTheOption() {
        InsecureStartException allowlist = assertThrows(InsecureStartException.class, () -> ServerSecurity.configure(
                "127.0.0.1", SecuritySettings.none().withFhirServerAllowlist(java.util.Set.of("ftp://ehr"))));
        assertTrue(allowlist.getMessage().startsWith("--fhir-server-allowlist"), allowlist.getMessage());
        InsecureStartException publicUrl = assertThrows(InsecureStartException.class, () -> ServerSecurity.configure(
                "127.0.0.1", SecuritySettings.none().withPublicUrl(URI.create("chelate.example.org"))));
        assertTrue(publicUrl.getMessage().startsWith("--public-url"), publicUrl.getMessage());
    }

    @Test
    void securedServerChecksTokensOnBothEndpoints() throws Exception {
        ECKey authKey = TestKeys.ec(Curve.P_256, "auth");
        ECKey ehrKey = TestKeys.ec(Curve.P_384, "ehr");
        Path authJwks = TestKeys.writePublicJwks(dir.resolve("auth.json"), authKey);
        Path ehrJwks = TestKeys.writePublicJwks(dir.resolve("ehr.json"), ehrKey);
        Path trust = Files.writeString(dir.resolve("trust.json"), "{\"issuers\":[{\"iss\":\"https://ehr\",\"jwks\":\""
                + ehrJwks.toString().replace("\\", "\\\\") + "\"}]}");
        ServerSecurity security = ServerSecurity.configure("127.0.0.1", SecuritySettings.none()
                .withAuth("https://auth", authJwks.toString(), null).withCdsTrust(trust)
                .withPublicUrl(URI.create(PUBLIC_URL)));
        try (TestJetty jetty = serve(security)) {
            assertEquals(401, Http.get(jetty.uri("/fhir/Patient/p1"), null).statusCode());
            String access = TestKeys.sign(authKey, JWSAlgorithm.ES256, new JWTClaimsSet.Builder().issuer("https://auth")
                    .subject("u").expirationTime(Date.from(Instant.now().plusSeconds(60)))
                    .audience(PUBLIC_URL + "/fhir")
                    .claim("scope", "patient/*.read").claim("patient", "p1").build(), null);
            assertEquals(200, Http.get(jetty.uri("/fhir/Patient/p1"), access).statusCode());
            assertEquals(200, Http.get(jetty.uri("/fhir/metadata"), null).statusCode());

            String service = PUBLIC_URL + "/cds-services/chelate-patient-view";
            assertEquals(401, Http.postJson(jetty.uri("/cds-services/chelate-patient-view"), null,
                    "application/json", "{}").statusCode());
            Instant now = Instant.now();
            String cdsJwt = TestKeys.sign(ehrKey, JWSAlgorithm.ES384, new JWTClaimsSet.Builder().issuer("https://ehr")
                    .subject("ehr-client").audience(service).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build(), null);
            HttpResponse<String> hook = Http.postJson(jetty.uri("/cds-services/chelate-patient-view"), cdsJwt,
                    "application/json", "{\"hook\":\"patient-view\"}");
            assertEquals(200, hook.statusCode(), hook.body());

            String feedbackUrl = jetty.uri("/cds-services/chelate-patient-view/feedback").toString();
            String feedbackAudience = PUBLIC_URL + "/cds-services/chelate-patient-view/feedback";
            String feedbackJwt = TestKeys.sign(ehrKey, JWSAlgorithm.ES384, new JWTClaimsSet.Builder()
                    .issuer("https://ehr").subject("ehr-client").audience(feedbackAudience).issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString())
                    .claim("tenant", "hospital-a").build(), null);
            try (AuditCapture audit = new AuditCapture()) {
                assertEquals(200, Http.postJson(URI.create(feedbackUrl), feedbackJwt, "application/json",
                        "{\"feedback\":[]}").statusCode());
                assertEquals(List.of("event=cds-feedback outcome=success status=200 method=POST"
                        + " path=/cds-services/chelate-patient-view/feedback who=ehr-client issuer=https://ehr"
                        + " tenant=hospital-a remote=127.0.0.1"), audit.lines());
            }

            HttpResponse<String> preflight = Http.send(HttpRequest.newBuilder(jetty.uri("/cds-services/chelate-patient-view"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://ehr.example.org")
                    .header("Access-Control-Request-Method", "POST"));
            assertEquals(200, preflight.statusCode());
            assertTrue(preflight.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        }
    }

    @Test
    void openServerServesWithoutTokensAndStillAudits() throws Exception {
        ServerSecurity security = ServerSecurity.configure("127.0.0.1", SecuritySettings.none());
        try (TestJetty jetty = serve(security); AuditCapture audit = new AuditCapture()) {
            assertEquals(200, Http.get(jetty.uri("/fhir/Patient/p1"), null).statusCode());
            HttpResponse<String> created = Http.postJson(jetty.uri("/fhir/Patient"), null, "application/fhir+json",
                    "{\"resourceType\":\"Patient\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(200, Http.postJson(jetty.uri("/cds-services/x"), null, "application/json", "{}").statusCode());
            assertTrue(audit.lines().stream().anyMatch(l -> l.contains("op=create") && l.contains("who=anonymous")),
                    audit.lines().toString());
        }
    }

    @Test
    void unsupportedCharsetIs415NotA500() throws Exception {
        ServerSecurity security = ServerSecurity.configure("127.0.0.1", SecuritySettings.none());
        try (TestJetty jetty = serve(security)) {
            HttpResponse<String> fhir = Http.postJson(jetty.uri("/fhir/Patient"), null,
                    "application/fhir+json; charset=latin-9000", "{\"resourceType\":\"Patient\"}");
            assertEquals(415, fhir.statusCode(), fhir.body());
            assertTrue(fhir.body().contains("OperationOutcome"), fhir.body());
            HttpResponse<String> cds = Http.postJson(jetty.uri("/cds-services/x"), null,
                    "application/json;charset=\"no such charset\"", "{}");
            assertEquals(415, cds.statusCode(), cds.body());
            assertTrue(cds.body().contains("\"error\":\"unsupported_media_type\""), cds.body());
            assertEquals(201, Http.postJson(jetty.uri("/fhir/Patient"), null, "application/fhir+json; charset=UTF-8",
                    "{\"resourceType\":\"Patient\"}").statusCode());
        }
    }

    private SecuritySettings secured() throws IOException {
        Path trust = Files.writeString(dir.resolve("t.json"), "{\"issuers\":[{\"iss\":\"https://ehr\",\"jwks\":\""
                + jwks().toString().replace("\\", "\\\\") + "\"}]}");
        return SecuritySettings.none().withAuth("https://auth", jwks().toString(), null).withCdsTrust(trust)
                .withPublicUrl(URI.create(PUBLIC_URL));
    }

    private Path jwks() throws IOException {
        Path file = dir.resolve("k.json");
        return Files.exists(file) ? file : TestKeys.writePublicJwks(file, TestKeys.ec(Curve.P_256, "k"));
    }

    /** The same assembly as ChelateServer: HAPI at /fhir, a CDS servlet at /cds-services, wrapped root handler. */
    private static TestJetty serve(ServerSecurity security) throws Exception {
        RestfulServer fhir = new RestfulServer(TestFhirServer.FHIR);
        HashMapResourceProvider<Patient> patients = new HashMapResourceProvider<>(TestFhirServer.FHIR, Patient.class);
        Patient p1 = new Patient();
        p1.setId("p1");
        patients.store(p1);
        fhir.registerProvider(patients);
        security.protectFhir(fhir, null); // HashMapResourceProvider fires the storage hooks itself
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(fhir), "/fhir/*");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.setContentType("application/json");
                response.getWriter().write("{\"cards\":[]}");
            }
        }), ServerSecurity.CDS_PATH_SPEC);
        security.protectCds(context, ServerSecurity.CDS_PATH_SPEC);
        security.protectFhirPath(context, "/fhir/*");
        return TestJetty.start(security.wrap(context));
    }
}
