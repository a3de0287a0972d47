package org.chelate.server.security.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.chelate.server.security.jwt.KeySets;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestJetty;
import org.chelate.server.security.testing.TestKeys;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CDS Hooks JWT check on a real Jetty: the happy paths and one test per way a token must be refused. */
class CdsJwtFilterTest {

    private static final String ISSUER = "https://ehr.example.org";
    private static final String SERVICE_PATH = "/cds-services/chelate-patient-view";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static ECKey ecKey;
    static RSAKey rsaKey;
    static ECKey jkuKey;
    static TestJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        ecKey = TestKeys.ec(Curve.P_384, "ehr-ec");
        rsaKey = TestKeys.rsa("ehr-rsa");
        jkuKey = TestKeys.ec(Curve.P_384, "ehr-jku");
        Path jwksFile = TestKeys.writePublicJwks(dir.resolve("ehr.jwks.json"), ecKey, rsaKey);
        String jkuJwks = TestKeys.publicJwks(jkuKey);

        // Jetty must be up before the verifier knows the allowlisted jku URL, so the filter is added after start.
        jetty = TestJetty.start(context -> {
            context.addServlet(new ServletHolder(new StaticJson(jkuJwks)), "/keys/allowed.json");
            context.addServlet(new ServletHolder(new StaticJson(jkuJwks)), "/keys/not-allowed.json");
            context.addServlet(new ServletHolder(new Redirect("/keys/allowed.json")), "/keys/redirect.json");
            context.addServlet(new ServletHolder(new WhoCalled()), "/cds-services/*");
        });
        TrustedIssuer trusted = new TrustedIssuer(ISSUER, KeySets.fromFile(jwksFile),
                Set.of(jetty.uri("/keys/allowed.json"), jetty.uri("/keys/redirect.json")));
        CdsJwtVerifier verifier = new CdsJwtVerifier(List.of(trusted), Duration.ofSeconds(60), Duration.ofMinutes(5),
                new ReplayGuard(1000, Clock.systemUTC()), Clock.systemUTC(), KeySets::fromUrl);
        var context = (org.eclipse.jetty.ee10.servlet.ServletContextHandler) jetty.server().getHandler();
        context.addFilter(new FilterHolder(new CdsJwtFilter(verifier, jetty.base())), "/cds-services/*",
                EnumSet.of(DispatcherType.REQUEST));
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    // --- accepted ---

    @Test
    void es384TokenFromTrustedIssuerIsAccepted() throws Exception {
        HttpResponse<String> response = call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims().build(), null));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("ok ehr-client", response.body());
    }

    @Test
    void rs384TokenFromTrustedIssuerIsAccepted() throws Exception {
        HttpResponse<String> response = call(TestKeys.sign(rsaKey, JWSAlgorithm.RS384, claims().build(), null));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void tokenSignedWithKeyFromAllowlistedJkuIsAccepted() throws Exception {
        String token = TestKeys.sign(jkuKey, JWSAlgorithm.ES384, claims().build(), jetty.uri("/keys/allowed.json"));
        HttpResponse<String> response = call(token);
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void corsPreflightPassesWithoutToken() throws Exception {
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(jetty.uri(SERVICE_PATH))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://ehr.example.org")
                .header("Access-Control-Request-Method", "POST"));
        assertEquals(200, response.statusCode());
    }

    // --- refused: the negative table ---

    @Test
    void missingHeader() throws Exception {
        HttpResponse<String> response = Http.postJson(jetty.uri(SERVICE_PATH), null, "application/json", "{}");
        assertRefused(response, "invalid_request", "missing Authorization");
    }

    @Test
    void unsignedTokenWithSignatureStripped() throws Exception {
        String signed = TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims().build(), null);
        String stripped = signed.substring(0, signed.lastIndexOf('.') + 1);
        assertRefused(call(stripped), "invalid_token", "signature must not be empty");
    }

    @Test
    void algNone() throws Exception {
        String token = new PlainJWT(claims().build()).serialize();
        assertRefused(call(token), "invalid_token", "alg none");
    }

    @Test
    void hs256WithThePublicKeyAsSecret() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("ehr-rsa").build(), claims().build());
        jwt.sign(new MACSigner(rsaKey.toRSAPublicKey().getEncoded()));
        assertRefused(call(jwt.serialize()), "invalid_token", "HS256");
    }

    @Test
    void rs256IsNotACdsHooksAlgorithmEvenWithTheRightKey() throws Exception {
        assertRefused(call(TestKeys.sign(rsaKey, JWSAlgorithm.RS256, claims().build(), null)), "invalid_token", "RS256");
    }

    @Test
    void wrongKeyWithTheTrustedKeyId() throws Exception {
        ECKey impostor = TestKeys.ec(Curve.P_384, "ehr-ec");
        assertRefused(call(TestKeys.sign(impostor, JWSAlgorithm.ES384, claims().build(), null)), "invalid_token",
                "Invalid signature");
    }

    @Test
    void expired() throws Exception {
        Instant past = Instant.now().minusSeconds(600);
        JWTClaimsSet claims = claims().issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(120))).build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "expired");
    }

    @Test
    void futureIssuedAt() throws Exception {
        Instant future = Instant.now().plusSeconds(180);
        JWTClaimsSet claims = claims().issueTime(Date.from(future)).expirationTime(Date.from(future.plusSeconds(60))).build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "future");
    }

    @Test
    void lifetimeLongerThanFiveMinutes() throws Exception {
        JWTClaimsSet claims = claims().expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1)))).build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "too long");
    }

    @Test
    void wrongAudience() throws Exception {
        JWTClaimsSet claims = claims().audience(jetty.uri("/cds-services/another-service").toString()).build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "audience");
    }

    @Test
    void unknownIssuer() throws Exception {
        JWTClaimsSet claims = claims().issuer("https://evil.example.org").build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "not trusted");
    }

    @Test
    void jkuNotOnTheAllowlist() throws Exception {
        // the keys at this URL would verify the signature: only the allowlist stops it
        String token = TestKeys.sign(jkuKey, JWSAlgorithm.ES384, claims().build(), jetty.uri("/keys/not-allowed.json"));
        assertRefused(call(token), "invalid_token", "jku is not allowlisted");
    }

    @Test
    void allowlistedJkuThatRedirectsIsNotFollowed() throws Exception {
        String token = TestKeys.sign(jkuKey, JWSAlgorithm.ES384, claims().build(), jetty.uri("/keys/redirect.json"));
        assertRefused(call(token), "invalid_token", "HTTP 302");
    }

    @Test
    void replayedTokenId() throws Exception {
        String token = TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims().build(), null);
        assertEquals(200, call(token).statusCode());
        assertRefused(call(token), "invalid_token", "already used");
    }

    @Test
    void missingJti() throws Exception {
        JWTClaimsSet claims = claims().jwtID(null).build();
        assertRefused(call(TestKeys.sign(ecKey, JWSAlgorithm.ES384, claims, null)), "invalid_token", "jti");
    }

    @Test
    void garbageToken() throws Exception {
        assertRefused(call("not.a.jwt"), "invalid_token", "");
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("ehr-client")
                .audience(jetty.uri(SERVICE_PATH).toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static HttpResponse<String> call(String token) throws Exception {
        return Http.postJson(jetty.uri(SERVICE_PATH), token, "application/json", "{\"hook\":\"patient-view\"}");
    }

    private static void assertRefused(HttpResponse<String> response, String error, String descriptionContains)
            throws Exception {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(error, body.path("error").asText(), response.body());
        String description = body.path("error_description").asText();
        assertTrue(!description.isBlank() && description.contains(descriptionContains),
                "description '" + description + "' should mention '" + descriptionContains + "'");
    }

    /** Behind the filter: says who the filter let in. */
    private static final class WhoCalled extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            VerifiedCdsClient client = (VerifiedCdsClient) request.getAttribute(CdsJwtFilter.CLIENT_ATTRIBUTE);
            response.setContentType("text/plain");
            response.getWriter().write("ok " + client.clientId());
        }
    }

    private static final class StaticJson extends HttpServlet {
        private final String body;

        StaticJson(String body) {
            this.body = body;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("application/json");
            response.getWriter().write(body);
        }
    }

    private static final class Redirect extends HttpServlet {
        private final String location;

        Redirect(String location) {
            this.location = location;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.sendRedirect(location);
        }
    }
}
