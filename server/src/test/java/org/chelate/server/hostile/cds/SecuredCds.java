package org.chelate.server.hostile.cds;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.security.SecuritySettings;
import org.chelate.server.security.testing.TestKeys;

/**
 * The real server with CDS Hooks authentication on (a trust file with two EHRs, A and B, each with its own key) and
 * {@code --public-url}; tokens as CDS Hooks 2.0 lists their claims (iss, aud, exp, iat, jti; no sub).
 */
final class SecuredCds {

    static final String PUBLIC_URL = "https://chelate.example.org";
    static final String EHR_A = "https://ehr-a.example.org";
    static final String EHR_B = "https://ehr-b.example.org";

    final ECKey keyA = TestKeys.ec(Curve.P_384, "a");
    final ECKey keyB = TestKeys.ec(Curve.P_384, "b");

    /** A trust file: A's keys in a file, B's at {@code jwksUrlOfB} (or in a file too when null). */
    Path trustFile(Path dir, String jwksUrlOfB) throws Exception {
        Path a = TestKeys.writePublicJwks(dir.resolve("a.jwks.json"), keyA);
        String b = jwksUrlOfB != null ? jwksUrlOfB
                : TestKeys.writePublicJwks(dir.resolve("b.jwks.json"), keyB).toString();
        return Files.writeString(dir.resolve("trust.json"), "{\"issuers\":["
                + "{\"iss\":\"" + EHR_A + "\",\"jwks\":\"" + json(a.toString()) + "\"},"
                + "{\"iss\":\"" + EHR_B + "\",\"jwks\":\"" + json(b) + "\"}]}");
    }

    ChelateServer start(Path dir, String jwksUrlOfB) throws Exception {
        return ChelateServer.start(ServerConfig.builder().port(0).dataDir(dir.resolve("data"))
                .security(SecuritySettings.none().withCdsTrust(trustFile(dir, jwksUrlOfB))
                        .withPublicUrl(URI.create(PUBLIC_URL))).build());
    }

    /** A token of {@code issuer} for the service path (e.g. "/cds-services/chelate-patient-view"), no sub. */
    String token(String issuer, String path) {
        return tokenFor(issuer, PUBLIC_URL + path);
    }

    String tokenFor(String issuer, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)))
                .jwtID(UUID.randomUUID().toString()).build();
        return TestKeys.sign(issuer.equals(EHR_A) ? keyA : keyB, JWSAlgorithm.ES384, claims, null);
    }

    private static String json(String path) {
        return path.replace("\\", "\\\\");
    }
}
