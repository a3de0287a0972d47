package org.chelate.server.security.testing;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.security.SecuritySettings;
import org.chelate.server.testing.Backend;
import org.chelate.server.testing.ServersPerBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Chelate server, started as Main starts it with an access-token issuer configured, once per backend per
 * test class (H2 file, and PostgreSQL when CHELATE_TEST_PG_URL is set; skipped with the reason otherwise): the
 * security tests run through the same code on both stores. Tests keep apart by using fresh patient ids.
 */
public abstract class SecuredServerPerBackend {

    public static final String ISSUER = "https://auth.example.org";

    @TempDir
    static Path dataRoot;

    private static final ServersPerBackend SERVERS = new ServersPerBackend();
    private static ECKey key;

    protected static ChelateServer server(Backend backend) throws Exception {
        return SERVERS.get(backend, b -> {
            ServerConfig base = b.freshConfig(dataRoot.resolve(b.name()));
            Path jwks = TestKeys.writePublicJwks(dataRoot.resolve("auth-" + b.name() + ".jwks.json"), key());
            SecuritySettings security = SecuritySettings.none().withAuth(ISSUER, jwks.toString(), null);
            return base.toBuilder().security(security).build();
        });
    }

    protected static URI fhir(Backend backend, String path) throws Exception {
        return URI.create(server(backend).fhirBase() + path);
    }

    protected static synchronized ECKey key() {
        if (key == null) {
            key = TestKeys.ec(Curve.P_256, "auth");
        }
        return key;
    }

    /** A token from the configured issuer: subject user-7, client app-1, the scope, and a patient context or none. */
    protected static String token(String scope, String patient) {
        return TestKeys.sign(key(), JWSAlgorithm.ES256, claims(scope, patient).build(), null);
    }

    protected static JWTClaimsSet.Builder claims(String scope, String patient) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-7")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString()).claim("client_id", "app-1").claim("scope", scope);
        if (patient != null) {
            claims.claim("patient", patient);
        }
        return claims;
    }

    protected static String unique(String prefix) {
        return ServersPerBackend.unique(prefix);
    }

    @AfterAll
    static void stopServers() throws Exception {
        SERVERS.closeAll();
    }
}
