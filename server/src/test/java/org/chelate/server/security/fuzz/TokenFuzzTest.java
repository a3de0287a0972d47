package org.chelate.server.security.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chelate.server.security.cdshooks.CdsJwtFilter;
import org.chelate.server.security.cdshooks.CdsJwtVerifier;
import org.chelate.server.security.cdshooks.ReplayGuard;
import org.chelate.server.security.cdshooks.TrustedIssuer;
import org.chelate.server.security.jwt.KeySets;
import org.chelate.server.security.smart.AccessTokenVerifier;
import org.chelate.server.security.smart.SmartAuthorizationInterceptor;
import org.chelate.server.security.testing.TestFhirServer;
import org.chelate.server.security.testing.TestJetty;
import org.chelate.server.security.testing.TestKeys;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.hl7.fhir.r4.model.Patient;

/**
 * Garbage and tampered bearer tokens against the FHIR API and the CDS Hooks endpoint: every one gets 401, never a
 * 200 and never a 5xx.
 */
class TokenFuzzTest {

    /** The URL CDS clients call (--public-url); every token's aud names it. */
    private static final String PUBLIC_URL = "https://cds.example.org";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ISSUER = "https://issuer.example.org";

    private static ECKey key;
    private static TestFhirServer fhir;
    private static TestJetty cds;

    @BeforeContainer
    static void start() throws Exception {
        key = TestKeys.ec(Curve.P_384, "k");
        ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys = new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()));
        fhir = new TestFhirServer(new SmartAuthorizationInterceptor(
                new AccessTokenVerifier(ISSUER, keys, null, Duration.ofSeconds(60)), TestFhirServer.FHIR));
        Patient patient = new Patient();
        patient.setId("p1");
        fhir.seed(patient);
        CdsJwtVerifier verifier = new CdsJwtVerifier(List.of(new TrustedIssuer(ISSUER, keys, java.util.Set.of())),
                Duration.ofSeconds(60), Duration.ofMinutes(5), new ReplayGuard(10_000, Clock.systemUTC()),
                Clock.systemUTC(), KeySets::fromUrl);
        cds = TestJetty.start(context -> {
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.getWriter().write("{\"cards\":[]}");
                }
            }), "/cds-services/*");
            context.addFilter(new FilterHolder(new CdsJwtFilter(verifier, URI.create(PUBLIC_URL))), "/cds-services/*",
                    EnumSet.of(DispatcherType.REQUEST));
        });
    }

    @AfterContainer
    static void stop() throws Exception {
        fhir.close();
        cds.close();
    }

    @Property(tries = 300)
    void badAccessTokensAre401(@ForAll("badTokens") String authorization) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fhir.base() + "/Patient/p1"))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(15)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertRefused(authorization, response);
    }

    @Property(tries = 300)
    void badCdsTokensAre401(@ForAll("badTokens") String authorization) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(cds.uri("/cds-services/svc"))
                .header("Authorization", authorization).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertRefused(authorization, response);
    }

    /** 401, or Jetty's 431 when the header alone passes its 8 KiB limit. */
    private static void assertRefused(String authorization, HttpResponse<String> response) {
        int expected = authorization.length() > 8_000 ? 431 : 401;
        assertEquals(expected, response.statusCode(), () -> abbreviate(authorization) + " -> "
                + abbreviate(response.body()));
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** Tampered real tokens (one byte changed in header, payload or signature), and plain garbage. */
    @Provide
    Arbitrary<String> badTokens() {
        return Arbitraries.randoms().map(random -> {
            if (random.nextInt(4) == 0) {
                return garbage(random);
            }
            String token = validToken();
            String[] parts = token.split("\\.");
            int part = random.nextInt(3);
            byte[] bytes = Base64.getUrlDecoder().decode(parts[part]);
            if (bytes.length == 0) {
                return "Bearer " + token + "x";
            }
            int at = random.nextInt(bytes.length);
            bytes[at] = (byte) (bytes[at] ^ (1 + random.nextInt(255)));
            parts[part] = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            return "Bearer " + String.join(".", parts);
        });
    }

    private static String garbage(Random random) {
        List<String> shapes = List.of("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer a.b.c", "Bearer ....",
                "Bearer eyJhbGciOiJub25lIn0.e30.", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.AAAA", "Bearer " + "A".repeat(9_000),
                "Bearer eyJ" + "x".repeat(random.nextInt(200)), "Bearer e30.e30.e30", "Bearer null", "Negotiate abc");
        return shapes.get(random.nextInt(shapes.size()));
    }

    /** A token valid in every respect but the byte the caller flips; unique jti so replay never hides a bug. */
    private static String validToken() {
        Instant now = Instant.now();
        return TestKeys.sign(key, JWSAlgorithm.ES384, new JWTClaimsSet.Builder().issuer(ISSUER).subject("c")
                .audience(List.of(PUBLIC_URL + "/cds-services/svc"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString()).claim("scope", "system/*.read").build(), null);
    }
}
