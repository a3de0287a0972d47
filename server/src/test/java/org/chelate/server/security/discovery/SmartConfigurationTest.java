package org.chelate.server.security.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.StartupException;
import org.chelate.server.security.SecuritySettings;
import org.chelate.server.security.smart.SmartScopes;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestKeys;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestSecurityComponent;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /fhir/.well-known/smart-configuration and the CapabilityStatement's rest.security, on the real server. */
class SmartConfigurationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void publishesWhatTheServerHonoursAndTheConfiguredEndpoints() throws Exception {
        SecuritySettings settings = SecuritySettings.none()
                .withAuth("https://auth.example.org", "https://auth.example.org/jwks.json", null)
                .withAuthServer(new SecuritySettings.AuthorizationServer(URI.create("https://auth.example.org/authorize"),
                        URI.create("https://auth.example.org/token")));
        try (ChelateServer server = ChelateServer.start(config(settings))) {
            HttpResponse<String> response = Http.get(URI.create(server.fhirBase() + "/.well-known/smart-configuration"),
                    null);
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            JsonNode document = JSON.readTree(response.body());
            assertFalse(document.has("issuer"), "issuer is for sso-openid-connect servers only");
            assertEquals("https://auth.example.org/jwks.json", document.path("jwks_uri").asText());
            assertEquals("https://auth.example.org/authorize", document.path("authorization_endpoint").asText());
            assertEquals("https://auth.example.org/token", document.path("token_endpoint").asText());
            assertEquals(List.of("authorization_code", "client_credentials"), strings(document, "grant_types_supported"));
            assertEquals(List.of("S256"), strings(document, "code_challenge_methods_supported"));
            assertEquals(List.of("code"), strings(document, "response_types_supported"));
            assertEquals(List.of("permission-v1", "permission-v2", "permission-patient", "permission-user"),
                    strings(document, "capabilities"));
            List<String> scopes = strings(document, "scopes_supported");
            assertTrue(scopes.containsAll(List.of("patient/*.rs", "user/*.cruds", "system/*.read")), scopes.toString());
            for (String scope : scopes) {
                assertEquals(1, SmartScopes.parse(scope).size(), "every published scope is one the server honours: "
                        + scope);
            }

            HttpResponse<String> metadata = Http.get(URI.create(server.fhirBase() + "/metadata"), null);
            CapabilityStatement statement = FhirContext.forR4Cached().newJsonParser()
                    .parseResource(CapabilityStatement.class, metadata.body());
            CapabilityStatementRestSecurityComponent security = statement.getRestFirstRep().getSecurity();
            assertEquals("SMART-on-FHIR", security.getServiceFirstRep().getCodingFirstRep().getCode());
            assertEquals(SmartCapabilityStatement.SERVICE_SYSTEM,
                    security.getServiceFirstRep().getCodingFirstRep().getSystem());
            Extension uris = security.getExtensionByUrl(SmartCapabilityStatement.OAUTH_URIS);
            assertEquals("https://auth.example.org/token", uris.getExtensionByUrl("token").getValue().primitiveValue());
            assertEquals("https://auth.example.org/authorize",
                    uris.getExtensionByUrl("authorize").getValue().primitiveValue());
        }
    }

    @Test
    void withoutEndpointsTheDocumentClaimsNoGrantsAndNoJwksFromAFile() throws Exception {
        Path jwks = TestKeys.writePublicJwks(dir.resolve("auth.json"), TestKeys.ec(Curve.P_256, "k"));
        SecuritySettings settings = SecuritySettings.none().withAuth("https://auth.example.org", jwks.toString(), null);
        try (ChelateServer server = ChelateServer.start(config(settings))) {
            HttpResponse<String> response = Http.get(URI.create(server.fhirBase() + "/.well-known/smart-configuration"),
                    null);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode document = JSON.readTree(response.body());
            assertFalse(document.has("jwks_uri") || document.has("token_endpoint")
                    || document.has("authorization_endpoint") || document.has("code_challenge_methods_supported"),
                    document.toString());
            assertEquals(List.of(), strings(document, "grant_types_supported"));
            assertTrue(document.has("capabilities") && document.has("scopes_supported"));
            HttpResponse<String> metadata = Http.get(URI.create(server.fhirBase() + "/metadata"), null);
            CapabilityStatement statement = FhirContext.forR4Cached().newJsonParser()
                    .parseResource(CapabilityStatement.class, metadata.body());
            assertEquals(null, statement.getRestFirstRep().getSecurity()
                    .getExtensionByUrl(SmartCapabilityStatement.OAUTH_URIS));
        }
    }

    @Test
    void anOpenServerHasNoSmartConfiguration() throws Exception {
        try (ChelateServer server = ChelateServer.start(config(SecuritySettings.none()))) {
            HttpResponse<String> response = Http.get(URI.create(server.fhirBase() + "/.well-known/smart-configuration"),
                    null);
            assertEquals(404, response.statusCode(), response.body());
            assertEquals("not_found", JSON.readTree(response.body()).path("error").asText());
            HttpResponse<String> metadata = Http.get(URI.create(server.fhirBase() + "/metadata"), null);
            CapabilityStatement statement = FhirContext.forR4Cached().newJsonParser()
                    .parseResource(CapabilityStatement.class, metadata.body());
            assertFalse(statement.getRestFirstRep().getSecurity().hasService());
        }
    }

    @Test
    void aRelativeTokenUrlStopsTheStart() {
        SecuritySettings settings = SecuritySettings.none()
                .withAuth("https://auth.example.org", "https://auth.example.org/jwks.json", null)
                .withAuthServer(new SecuritySettings.AuthorizationServer(null, URI.create("/token")));
        StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config(settings)));
        assertTrue(e.getMessage().contains("--auth-token-url"), e.getMessage());
    }

    private ServerConfig config(SecuritySettings security) {
        return ServerConfig.builder().port(0).dataDir(dir.resolve("data")).security(security).build();
    }

    private static List<String> strings(JsonNode document, String field) {
        List<String> values = new ArrayList<>();
        document.path(field).forEach(node -> values.add(node.asText()));
        return values;
    }
}
