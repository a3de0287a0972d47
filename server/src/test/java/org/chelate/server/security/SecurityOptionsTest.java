package org.chelate.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.chelate.server.config.InvalidOptionsException;
import org.chelate.server.config.ServerOptions;
import org.junit.jupiter.api.Test;

/** The security flags and their CHELATE_ variables, as the command line reads them. */
class SecurityOptionsTest {

    @Test
    void noSecurityFlagsMeansNothingTrusted() throws Exception {
        assertEquals(SecuritySettings.none(), ServerOptions.parse(new String[0], Map.of()).config().security());
    }

    @Test
    void flagsFillTheSettings() throws Exception {
        SecuritySettings settings = ServerOptions.parse(new String[] {
                "--auth-issuer", "https://auth.example.org", "--auth-jwks", "/etc/chelate/auth.json",
                "--auth-audience", "https://chelate.example.org/fhir", "--cds-trust", "/etc/chelate/trust.json",
                "--cds-cors-origins", "https://ehr.example.org,https://ehr2.example.org",
                "--fhir-server-allowlist", "https://ehr.example.org", "--public-url", "https://chelate.example.org",
                "--rate-limit", "50", "--insecure"}, Map.of()).config().security();
        assertEquals("https://auth.example.org", settings.authIssuer());
        assertEquals("/etc/chelate/auth.json", settings.authJwks());
        assertEquals("https://chelate.example.org/fhir", settings.authAudience());
        assertEquals(Path.of("/etc/chelate/trust.json"), settings.cdsTrust());
        assertEquals(Set.of("https://ehr.example.org", "https://ehr2.example.org"), settings.cdsCorsOrigins());
        assertEquals(Set.of("https://ehr.example.org"), settings.fhirServerAllowlist());
        assertEquals(URI.create("https://chelate.example.org"), settings.publicUrl());
        assertEquals(50, settings.requestsPerSecond());
        assertTrue(settings.insecure());
    }

    @Test
    void environmentVariablesWorkToo() throws Exception {
        SecuritySettings settings = ServerOptions.parse(new String[0], Map.of(
                "CHELATE_AUTH_ISSUER", "https://auth.example.org", "CHELATE_AUTH_JWKS", "https://auth.example.org/jwks",
                "CHELATE_CDS_TRUST", "/etc/chelate/trust.json", "CHELATE_INSECURE", "true")).config().security();
        assertEquals("https://auth.example.org", settings.authIssuer());
        assertEquals("https://auth.example.org/jwks", settings.authJwks());
        assertEquals(Path.of("/etc/chelate/trust.json"), settings.cdsTrust());
        assertTrue(settings.insecure());
    }

    @Test
    void authorizationServerEndpointsForTheSmartConfiguration() throws Exception {
        SecuritySettings flags = ServerOptions.parse(new String[] {"--auth-authorize-url", "https://auth.example.org/a",
                "--auth-token-url", "https://auth.example.org/t"}, Map.of()).config().security();
        assertEquals(new SecuritySettings.AuthorizationServer(URI.create("https://auth.example.org/a"),
                URI.create("https://auth.example.org/t")), flags.authServer());
        SecuritySettings environment = ServerOptions.parse(new String[0], Map.of(
                "CHELATE_AUTH_TOKEN_URL", "https://auth.example.org/t")).config().security();
        assertEquals(new SecuritySettings.AuthorizationServer(null, URI.create("https://auth.example.org/t")),
                environment.authServer());
        assertEquals(SecuritySettings.AuthorizationServer.UNKNOWN, SecuritySettings.none().authServer());
    }

    @Test
    void internalAddressRangesForOutboundCalls() throws Exception {
        SecuritySettings settings = ServerOptions.parse(new String[] {"--allow-internal-addresses",
                "10.20.0.0/16,fd00::/8"}, Map.of()).config().security();
        assertEquals(Set.of("10.20.0.0/16", "fd00::/8"), settings.internalAddresses());
        assertEquals(Set.of("10.0.0.5"), ServerOptions.parse(new String[0],
                Map.of("CHELATE_ALLOW_INTERNAL_ADDRESSES", "10.0.0.5")).config().security().internalAddresses());
        InsecureStartException e = assertThrows(InsecureStartException.class, () -> ServerSecurity.configure(
                "127.0.0.1", SecuritySettings.none().withInternalAddresses(Set.of("ehr.internal"))));
        assertTrue(e.getMessage().startsWith("--allow-internal-addresses"), e.getMessage());
    }

    @Test
    void rateLimitMustBePositive() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> ServerOptions.parse(new String[] {"--rate-limit", "0"}, Map.of()));
        assertTrue(e.getMessage().contains("--rate-limit"), e.getMessage());
    }
}
