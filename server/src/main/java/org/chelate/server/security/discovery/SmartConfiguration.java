package org.chelate.server.security.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.security.SecuritySettings;

/**
 * The SMART App Launch 2.x discovery document ({@code /fhir/.well-known/smart-configuration}) of a server that
 * verifies access tokens but issues none: it states what this server honours (the scope forms and permission
 * capabilities it enforces) and repeats the authorization server's endpoints only as configured, never guessed.
 * <ul>
 *   <li>{@code issuer} is left out: the spec reserves it for servers with the {@code sso-openid-connect} capability
 *       ("otherwise, omitted"), which a resource server cannot claim;</li>
 *   <li>{@code jwks_uri}: the token issuer's key set, when {@code --auth-jwks} is a URL (a file has no URL);</li>
 *   <li>{@code authorization_endpoint}, {@code token_endpoint}: from {@code --auth-authorize-url} and
 *       {@code --auth-token-url}; the spec requires {@code token_endpoint}, so without it the document says so in
 *       its absence and {@link #complete()} is false;</li>
 *   <li>{@code grant_types_supported}: {@code authorization_code} with an authorization endpoint, and
 *       {@code client_credentials} (backend services, whose {@code system/} scopes this server honours) with a token
 *       endpoint; {@code response_types_supported} {@code code} and {@code code_challenge_methods_supported}
 *       {@code S256} (required of SMART 2 authorization servers) only with an authorization endpoint;</li>
 *   <li>{@code capabilities}: the {@code permission-*} ones this server enforces; launch and client capabilities
 *       belong to the authorization server and EHR, so none is claimed.</li>
 * </ul>
 */
public record SmartConfiguration(String jwksUri, URI authorizeUrl, URI tokenUrl) {

    /** The permission capabilities this server enforces (see SmartAuthorizationInterceptor). */
    public static final List<String> CAPABILITIES =
            List.of("permission-v1", "permission-v2", "permission-patient", "permission-user");

    /** The scope forms this server honours, for any resource type in place of {@code *}. */
    public static final List<String> SCOPES = scopes();

    /** The document for these settings, or null when no access-token issuer is configured (the API is open). */
    public static SmartConfiguration of(SecuritySettings settings) {
        if (settings.authIssuer() == null) {
            return null;
        }
        String jwks = settings.authJwks();
        boolean url = jwks != null && (jwks.startsWith("https://") || jwks.startsWith("http://"));
        return new SmartConfiguration(url ? jwks : null, settings.authServer().authorizeUrl(),
                settings.authServer().tokenUrl());
    }

    /** True when every field the spec requires is there (it requires a token endpoint, which only config gives). */
    public boolean complete() {
        return tokenUrl != null;
    }

    /** The JSON object; fields with no configured value are left out rather than given as null. */
    public Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>();
        putIfSet(document, "jwks_uri", jwksUri);
        putIfSet(document, "authorization_endpoint", authorizeUrl);
        putIfSet(document, "token_endpoint", tokenUrl);
        List<String> grants = new ArrayList<>();
        if (authorizeUrl != null) {
            grants.add("authorization_code");
        }
        if (tokenUrl != null) {
            grants.add("client_credentials");
        }
        document.put("grant_types_supported", grants);
        document.put("scopes_supported", SCOPES);
        if (authorizeUrl != null) {
            document.put("response_types_supported", List.of("code"));
            document.put("code_challenge_methods_supported", List.of("S256"));
        }
        document.put("capabilities", CAPABILITIES);
        return document;
    }

    private static void putIfSet(Map<String, Object> document, String name, Object value) {
        if (value != null) {
            document.put(name, value.toString());
        }
    }

    private static List<String> scopes() {
        List<String> scopes = new ArrayList<>();
        for (String context : List.of("patient", "user", "system")) {
            for (String permissions : List.of("cruds", "rs", "read", "write", "*")) {
                scopes.add(context + "/*." + permissions);
            }
        }
        return List.copyOf(scopes);
    }
}
