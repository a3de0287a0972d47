package org.chelate.server.security;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.chelate.server.security.limits.BodyShapeLimits;
import org.chelate.server.security.limits.RequestRateLimit;

/**
 * The security options of the server, each with its command-line flag (and {@code CHELATE_...} variable):
 *
 * @param authIssuer         {@code --auth-issuer}: issuer of FHIR API access tokens (exact {@code iss}); null = none
 * @param authJwks           {@code --auth-jwks}: that issuer's keys, a JWKS file or an https URL
 * @param authAudience       {@code --auth-audience}: required {@code aud} of access tokens; null = not checked
 * @param cdsTrust           {@code --cds-trust}: JSON file of trusted CDS clients (see {@code CdsTrustFile}); null = none
 * @param cdsCorsOrigins     {@code --cds-cors-origins}: exact origins (or *) allowed to call /cds-services from a browser
 * @param fhirServerAllowlist {@code --fhir-server-allowlist}: origins the CDS fhirServer fallback may fetch from
 * @param publicUrl          {@code --public-url}: scheme://host[:port] clients use (behind a proxy); null = as seen
 * @param insecure           {@code --insecure}: allow listening beyond loopback without authentication
 * @param requestsPerSecond  {@code --rate-limit}: requests per second per client address
 * @param maxBodyBytes       largest CDS Hooks request body (the FHIR body size is limited by the server itself)
 * @param bodyShape          nesting depth and Bundle entry limits
 * @param authServer         {@code --auth-authorize-url}, {@code --auth-token-url}: the token issuer's OAuth endpoints,
 *                           published in /fhir/.well-known/smart-configuration; never called by this server
 * @param internalAddresses  {@code --allow-internal-addresses}: internal addresses or CIDR ranges that host names of
 *                           outbound calls (fhirServer origins, JWKS URLs) may resolve to; empty = none
 */
public record SecuritySettings(String authIssuer, String authJwks, String authAudience, Path cdsTrust,
        Set<String> cdsCorsOrigins, Set<String> fhirServerAllowlist, URI publicUrl, boolean insecure,
        int requestsPerSecond, long maxBodyBytes, BodyShapeLimits bodyShape, AuthorizationServer authServer,
        Set<String> internalAddresses) {

    public static final long DEFAULT_MAX_BODY_BYTES = 2L * 1024 * 1024;

    public SecuritySettings {
        cdsCorsOrigins = cdsCorsOrigins == null || cdsCorsOrigins.isEmpty() ? Set.of("*") : Set.copyOf(cdsCorsOrigins);
        fhirServerAllowlist = fhirServerAllowlist == null ? Set.of() : Set.copyOf(fhirServerAllowlist);
        bodyShape = bodyShape == null ? BodyShapeLimits.defaults() : bodyShape;
        authServer = authServer == null ? AuthorizationServer.UNKNOWN : authServer;
        internalAddresses = internalAddresses == null ? Set.of() : Set.copyOf(internalAddresses);
        authIssuer = blankToNull(authIssuer);
        authJwks = blankToNull(authJwks);
        authAudience = blankToNull(authAudience);
    }

    /** Nothing configured: open on loopback, refused elsewhere. */
    public static SecuritySettings none() {
        return new SecuritySettings(null, null, null, null, Set.of("*"), Set.of(), null, false,
                RequestRateLimit.DEFAULT_REQUESTS_PER_SECOND, DEFAULT_MAX_BODY_BYTES, BodyShapeLimits.defaults(),
                AuthorizationServer.UNKNOWN, Set.of());
    }

    public SecuritySettings withAuth(String issuer, String jwks, String audience) {
        return new SecuritySettings(issuer, jwks, audience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist, publicUrl,
                insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withCdsTrust(Path file) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, file, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withCdsCorsOrigins(Set<String> origins) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, origins, fhirServerAllowlist,
                publicUrl, insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withFhirServerAllowlist(Set<String> origins) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, origins, publicUrl,
                insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withPublicUrl(URI url) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                url, insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withInsecure(boolean value) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, value, requestsPerSecond, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withRequestsPerSecond(int value) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, insecure, value, maxBodyBytes, bodyShape, authServer, internalAddresses);
    }

    public SecuritySettings withBodyShape(BodyShapeLimits limits) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, insecure, requestsPerSecond, maxBodyBytes, limits, authServer, internalAddresses);
    }

    public SecuritySettings withAuthServer(AuthorizationServer endpoints) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, insecure, requestsPerSecond, maxBodyBytes, bodyShape, endpoints, internalAddresses);
    }

    public SecuritySettings withInternalAddresses(Set<String> addresses) {
        return new SecuritySettings(authIssuer, authJwks, authAudience, cdsTrust, cdsCorsOrigins, fhirServerAllowlist,
                publicUrl, insecure, requestsPerSecond, maxBodyBytes, bodyShape, authServer, addresses);
    }

    /**
     * The OAuth endpoints of the authorization server that issues the access tokens, as clients are to be told in
     * the SMART configuration; each null when not configured.
     */
    public record AuthorizationServer(URI authorizeUrl, URI tokenUrl) {

        public static final AuthorizationServer UNKNOWN = new AuthorizationServer(null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
