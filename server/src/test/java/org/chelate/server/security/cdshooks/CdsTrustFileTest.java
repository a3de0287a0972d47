package org.chelate.server.security.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.chelate.server.security.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdsTrustFileTest {

    @TempDir
    Path dir;

    @Test
    void fileConfiguredIssuerVerifiesItsTokens() throws Exception {
        ECKey key = TestKeys.ec(Curve.P_384, "k1");
        Path jwks = TestKeys.writePublicJwks(dir.resolve("ehr.json"), key);
        Path trust = Files.writeString(dir.resolve("trust.json"), """
                {"clockSkewSeconds": 30,
                 "issuers": [{"iss": "https://ehr.example.org", "jwks": "%s",
                              "jku": ["https://ehr.example.org/jwks.json"]}]}
                """.formatted(jwks.toString().replace("\\", "\\\\")));
        CdsJwtVerifier verifier = CdsTrustFile.read(trust).verifier();
        assertEquals(Set.of("https://ehr.example.org"), verifier.trustedIssuers());

        String audience = "https://chelate.example.org/cds-services/chelate-patient-view";
        String token = TestKeys.sign(key, JWSAlgorithm.ES384, new JWTClaimsSet.Builder()
                .issuer("https://ehr.example.org").subject("client-1").audience(audience)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60))).jwtID("j-1")
                .claim("tenant", "hospital-a").build(), null);
        VerifiedCdsClient client = verifier.verify(token, audience);
        assertEquals(new VerifiedCdsClient("https://ehr.example.org", "client-1", "j-1", "hospital-a"), client);
    }

    @Test
    void privateKeysInTheJwksFileAreRefused() throws Exception {
        ECKey key = TestKeys.ec(Curve.P_384, "k1");
        Path jwks = Files.writeString(dir.resolve("private.json"), "{\"keys\":[" + key.toJSONString() + "]}");
        Path trust = Files.writeString(dir.resolve("trust.json"),
                "{\"issuers\":[{\"iss\":\"https://ehr\",\"jwks\":\"" + jwks.toString().replace("\\", "\\\\") + "\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsTrustFile.read(trust).verifier());
        assertTrue(e.getMessage().contains("private"), e.getMessage());
    }

    @Test
    void unknownFieldIsNamed() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.json"), "{\"issuers\":[{\"iss\":\"x\",\"jwk\":\"y\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsTrustFile.read(trust));
        assertTrue(e.getMessage().contains("jwk"), e.getMessage());
    }

    @Test
    void issuerWithoutKeysIsRefused() throws Exception {
        Path trust = Files.writeString(dir.resolve("trust.json"), "{\"issuers\":[{\"iss\":\"https://ehr\"}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdsTrustFile.read(trust).verifier());
        assertTrue(e.getMessage().contains("needs a JWKS"), e.getMessage());
    }
}
