package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.chelate.server.security.testing.TestKeys;
import org.junit.jupiter.api.Test;

class AccessTokenVerifierTest {

    private static final String ISSUER = "https://auth.example.org";
    private static final String FHIR_BASE = "https://chelate.example.org/fhir";

    private final ECKey key = TestKeys.ec(Curve.P_384, "k");
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(ISSUER,
            new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), FHIR_BASE, Duration.ofSeconds(60));

    @Test
    void readsScopesPatientAndClient() throws Exception {
        AccessToken token = verifier.verify(TestKeys.sign(key, JWSAlgorithm.ES384, claims()
                .claim("scope", "openid patient/*.read").claim("patient", "p1").claim("client_id", "app").build(), null));
        assertEquals("p1", token.patientId());
        assertEquals("app", token.clientId());
        assertEquals(1, token.scopes().size());
    }

    @Test
    void scpListIsAcceptedToo() throws Exception {
        AccessToken token = verifier.verify(TestKeys.sign(key, JWSAlgorithm.ES384, claims()
                .claim("scp", List.of("system/*.read", "system/Patient.c")).build(), null));
        assertEquals(2, token.scopes().size());
    }

    @Test
    void rfc9068TypeIsAcceptedAndOtherTypesAreNot() throws Exception {
        for (String type : new String[] {"at+jwt", "JWT"}) {
            assertEquals("u", verifier.verify(signTyped(type)).subject());
        }
        assertThrows(InvalidAccessTokenException.class, () -> verifier.verify(signTyped("id_token+jwt")));
    }

    private String signTyped(String type) throws Exception {
        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.ES384).keyID("k")
                        .type(new com.nimbusds.jose.JOSEObjectType(type)).build(), claims().build());
        jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void wrongAudienceIsRejected() {
        String token = TestKeys.sign(key, JWSAlgorithm.ES384, claims().audience("https://elsewhere/fhir").build(), null);
        InvalidAccessTokenException e = assertThrows(InvalidAccessTokenException.class, () -> verifier.verify(token));
        assertTrue(e.getMessage().contains("audience"), e.getMessage());
    }

    @Test
    void unsignedTokenIsRejected() {
        String token = new PlainJWT(claims().build()).serialize();
        assertThrows(InvalidAccessTokenException.class, () -> verifier.verify(token));
    }

    @Test
    void tokenWithoutExpiryIsRejected() {
        String token = TestKeys.sign(key, JWSAlgorithm.ES384, claims().expirationTime(null).build(), null);
        InvalidAccessTokenException e = assertThrows(InvalidAccessTokenException.class, () -> verifier.verify(token));
        assertTrue(e.getMessage().contains("exp"), e.getMessage());
    }

    @Test
    void scopeOfTheWrongTypeIsRejected() {
        String token = TestKeys.sign(key, JWSAlgorithm.ES384, claims().claim("scope", 42).build(), null);
        assertThrows(InvalidAccessTokenException.class, () -> verifier.verify(token));
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("u").audience(FHIR_BASE)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }
}
