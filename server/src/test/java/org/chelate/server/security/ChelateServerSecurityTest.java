package org.chelate.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.StartupException;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real server, started the way Main starts it, with and without security configured. */
class ChelateServerSecurityTest {

    @TempDir
    Path dir;

    @Test
    void openOnLoopbackAndSaysSo() throws Exception {
        try (ChelateServer server = ChelateServer.start(config(SecuritySettings.none()))) {
            assertTrue(server.securityNote().startsWith("OPEN"), server.securityNote());
            assertEquals(200, Http.get(URI.create(server.fhirBase() + "/Patient?_count=1"), null).statusCode());
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthenticationAndOpensNoStore() {
        ServerConfig config = config(SecuritySettings.none()).toBuilder().host("0.0.0.0").build();
        StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config));
        assertTrue(e.getMessage().contains("--auth-issuer") && e.getMessage().contains("--insecure"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("data")), "the store must not be created");
    }

    @Test
    void securedServerNeedsTokensOnFhirAndCdsHooks() throws Exception {
        ECKey authKey = TestKeys.ec(Curve.P_256, "auth");
        ECKey ehrKey = TestKeys.ec(Curve.P_384, "ehr");
        Path authJwks = TestKeys.writePublicJwks(dir.resolve("auth.json"), authKey);
        Path ehrJwks = TestKeys.writePublicJwks(dir.resolve("ehr.json"), ehrKey);
        Path trust = Files.writeString(dir.resolve("trust.json"), "{\"issuers\":[{\"iss\":\"https://ehr\",\"jwks\":\""
                + ehrJwks.toString().replace("\\", "\\\\") + "\"}]}");
        SecuritySettings settings = SecuritySettings.none().withAuth("https://auth", authJwks.toString(), null)
                .withCdsTrust(trust).withPublicUrl(URI.create("https://chelate.example.org"));
        try (ChelateServer server = ChelateServer.start(config(settings))) {
            assertEquals("", server.securityNote());
            URI patients = URI.create(server.fhirBase() + "/Patient?_count=1");
            HttpResponse<String> anonymous = Http.get(patients, null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertEquals(200, Http.get(URI.create(server.fhirBase() + "/metadata"), null).statusCode());
            String token = TestKeys.sign(authKey, JWSAlgorithm.ES256, new JWTClaimsSet.Builder().issuer("https://auth")
                    .subject("u").expirationTime(Date.from(Instant.now().plusSeconds(60)))
                    .audience("https://chelate.example.org/fhir").claim("scope", "system/*.read").build(), null);
            assertEquals(200, Http.get(patients, token).statusCode());

            URI discovery = URI.create(server.baseUri() + "/cds-services");
            HttpResponse<String> unsigned = Http.get(discovery, null);
            assertEquals(401, unsigned.statusCode(), unsigned.body());
            Instant now = Instant.now();
            String cdsJwt = TestKeys.sign(ehrKey, JWSAlgorithm.ES384, new JWTClaimsSet.Builder().issuer("https://ehr")
                    .subject("ehr-client").audience("https://chelate.example.org/cds-services").issueTime(Date.from(now))
                    .expirationTime(Date.from(now.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build(), null);
            int signed = Http.get(discovery, cdsJwt).statusCode();
            assertTrue(signed != 401 && signed < 500, "a signed call passes the JWT check: " + signed);
        }
    }

    private ServerConfig config(SecuritySettings security) {
        return ServerConfig.builder().port(0).dataDir(dir.resolve("data")).security(security).build();
    }
}
