package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestFhirServer;
import org.chelate.server.security.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Conditional updates name no target the interceptor could check: refused to patient tokens, left to the store else. */
class ConditionalWriteTest {

    private static final String ISSUER = "https://auth.example.org";

    static ECKey key;
    static TestFhirServer server;

    @BeforeAll
    static void start() throws Exception {
        key = TestKeys.ec(Curve.P_256, "k");
        AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), null, Duration.ofSeconds(60));
        TestFhirServer[] holder = new TestFhirServer[1];
        server = new TestFhirServer(new SmartAuthorizationInterceptor(verifier, TestFhirServer.FHIR,
                (type, id) -> holder[0].stored(type, id)));
        holder[0] = server;
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void patientTokenConditionalUpdateIs403() throws Exception {
        assertEquals(403, conditionalPut(token("patient/*.cruds", "p1")));
    }

    @Test
    void systemTokenConditionalUpdateReachesTheProvider() throws Exception {
        // HashMapResourceProvider itself refuses conditional updates with 400: authorization let it through
        assertEquals(400, conditionalPut(token("system/*.*", null)));
    }

    @Test
    void conditionalUpdateWithoutTokenIs401() throws Exception {
        assertEquals(401, conditionalPut(null));
    }

    private static int conditionalPut(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + "/Observation?code=x"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Observation\",\"status\":\"final\","
                        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/p1\"}}"))
                .header("Content-Type", "application/fhir+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Http.send(request).statusCode();
    }

    private static String token(String scope, String patient) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("u")
                .expirationTime(Date.from(now.plusSeconds(300))).claim("scope", scope);
        if (patient != null) {
            claims.claim("patient", patient);
        }
        return TestKeys.sign(key, JWSAlgorithm.ES256, claims.build(), null);
    }
}
