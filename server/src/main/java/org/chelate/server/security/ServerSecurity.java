package org.chelate.server.security;

import ca.uhn.fhir.rest.server.RestfulServer;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.chelate.plugin.cdshooks.OutboundFetchPolicy;
import org.chelate.plugin.http.AddressGuard;
import org.chelate.server.security.audit.CdsAuditFilter;
import org.chelate.server.security.audit.FhirAuditInterceptor;
import org.chelate.server.security.cdshooks.CdsJwtFilter;
import org.chelate.server.security.cdshooks.CdsJwtVerifier;
import org.chelate.server.security.cdshooks.CdsTrustFile;
import org.chelate.server.security.cdshooks.JdbcTokenIds;
import org.chelate.server.security.discovery.SmartCapabilityStatement;
import org.chelate.server.security.discovery.SmartConfiguration;
import org.chelate.server.security.discovery.SmartConfigurationServlet;
import org.chelate.server.security.jwt.KeySets;
import org.chelate.server.security.limits.CdsCors;
import org.chelate.server.security.limits.CharsetFilter;
import org.chelate.server.security.limits.FhirBodyLimitsInterceptor;
import org.chelate.server.security.limits.FhirValueChecks;
import org.chelate.server.security.limits.JsonLimitsFilter;
import org.chelate.server.security.limits.QueryEncodingFilter;
import org.chelate.server.security.limits.RequestRateLimit;
import org.chelate.server.fhir.ChelateRestfulServer;
import org.chelate.server.security.smart.AccessTokenVerifier;
import org.chelate.server.security.smart.CurrentResourceLookup;
import org.chelate.server.security.smart.ResourceServiceLookup;
import org.chelate.server.security.smart.SmartAuthorizationInterceptor;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Handler;

/**
 * Everything security for one server, decided once at start from {@link SecuritySettings} and the listen address:
 * <ul>
 *   <li>loopback without an issuer/trust file: runs open, and {@link #startLineNote()} says so;</li>
 *   <li>any other address without them: refuses to start ({@link InsecureStartException} names the option), unless
 *       {@code --insecure};</li>
 * </ul>
 * then installs the pieces: {@link #protectFhir} (body limits, SMART authorization, audit on the HAPI server),
 * {@link #protectCds} (JWT filter and JSON limits on /cds-services), {@link #wrap} (CORS on /cds-services and the
 * per-client rate limit around the whole handler tree).
 */
public final class ServerSecurity {

    public static final String CDS_PATH_SPEC = "/cds-services/*";
    public static final long FETCH_TIMEOUT_MILLIS = 300;
    public static final long FETCH_MAX_BYTES = 8L * 1024 * 1024;

    private final SecuritySettings settings;
    private final AccessTokenVerifier accessTokens;
    private final CdsJwtVerifier cdsTokens;
    private final OutboundFetchPolicy outbound;
    private final boolean loopback;

    private ServerSecurity(SecuritySettings settings, AccessTokenVerifier accessTokens, CdsJwtVerifier cdsTokens,
            OutboundFetchPolicy outbound, boolean loopback) {
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.cdsTokens = cdsTokens;
        this.outbound = outbound;
        this.loopback = loopback;
    }

    public static ServerSecurity configure(String host, SecuritySettings settings) throws InsecureStartException {
        boolean loopback = isLoopback(host);
        List<String> missing = new ArrayList<>();
        if (settings.authIssuer() == null) {
            missing.add("--auth-issuer and --auth-jwks (CHELATE_AUTH_ISSUER, CHELATE_AUTH_JWKS) for the FHIR API");
        }
        if (settings.cdsTrust() == null) {
            missing.add("--cds-trust FILE (CHELATE_CDS_TRUST) for CDS Hooks");
        }
        if (!loopback && !missing.isEmpty() && !settings.insecure()) {
            throw new InsecureStartException("refusing to listen on " + host + " without authentication: set "
                    + String.join(" and ", missing) + ", or pass --insecure to expose patient data anyway");
        }
        try {
            AddressGuard.allowing(List.of(), settings.internalAddresses());
        } catch (IllegalArgumentException e) {
            throw new InsecureStartException("--allow-internal-addresses: " + e.getMessage(), e);
        }
        AccessTokenVerifier accessTokens = null;
        if (settings.authIssuer() != null) {
            if (settings.authJwks() == null) {
                throw new InsecureStartException("--auth-issuer needs --auth-jwks (a JWKS file or https URL)");
            }
            String audience = settings.authAudience() != null ? settings.authAudience()
                    : settings.publicUrl() != null ? stripSlash(settings.publicUrl().toString()) + "/fhir" : null;
            try {
                accessTokens = new AccessTokenVerifier(settings.authIssuer(),
                        KeySets.fromLocation(settings.authJwks(), settings.internalAddresses()),
                        audience, AccessTokenVerifier.DEFAULT_CLOCK_SKEW);
            } catch (IllegalArgumentException e) {
                throw new InsecureStartException("--auth-jwks: " + e.getMessage(), e);
            }
        } else if (settings.authJwks() != null) {
            throw new InsecureStartException("--auth-jwks needs --auth-issuer (the exact iss of the tokens)");
        }
        CdsJwtVerifier cdsTokens = null;
        if (settings.cdsTrust() != null && settings.publicUrl() == null) {
            // the aud of a CDS Hooks token is the service URL; taken from the request's Host header, a token minted
            // for another host would pass
            throw new InsecureStartException("--cds-trust needs --public-url URL (CHELATE_PUBLIC_URL): the "
                    + "scheme://host[:port] CDS clients call, which every token's aud must name");
        }
        if (settings.cdsTrust() != null) {
            try {
                cdsTokens = CdsTrustFile.read(settings.cdsTrust()).verifier(settings.internalAddresses());
            } catch (IllegalArgumentException e) {
                throw new InsecureStartException("--cds-trust: " + e.getMessage(), e);
            }
        }
        OutboundFetchPolicy outbound;
        try {
            outbound = new OutboundFetchPolicy(settings.fhirServerAllowlist(), Duration.ofMillis(FETCH_TIMEOUT_MILLIS),
                    FETCH_MAX_BYTES, settings.internalAddresses());
        } catch (IllegalArgumentException e) {
            throw new InsecureStartException("--fhir-server-allowlist: " + e.getMessage(), e);
        }
        requireHttpUrl("--public-url", settings.publicUrl());
        requireHttpUrl("--auth-authorize-url", settings.authServer().authorizeUrl());
        requireHttpUrl("--auth-token-url", settings.authServer().tokenUrl());
        return new ServerSecurity(settings, accessTokens, cdsTokens, outbound, loopback);
    }

    /** True when FHIR API requests need no access token. */
    public boolean fhirOpen() {
        return accessTokens == null;
    }

    /** True when CDS Hooks calls need no signed JWT. */
    public boolean cdsOpen() {
        return cdsTokens == null;
    }

    /** For the start line: empty when everything is protected, else what is open and why that is (or is not) safe. */
    public String startLineNote() {
        if (!fhirOpen() && !cdsOpen()) {
            return "";
        }
        String what = fhirOpen() && cdsOpen() ? "FHIR API and CDS Hooks are"
                : fhirOpen() ? "FHIR API is" : "CDS Hooks is";
        String options = fhirOpen() && cdsOpen() ? "--auth-issuer/--auth-jwks and --cds-trust"
                : fhirOpen() ? "--auth-issuer/--auth-jwks" : "--cds-trust";
        return loopback
                ? "OPEN (no authentication): the " + what + " open to anyone on this machine; set " + options
                        + " to require tokens"
                : "INSECURE (--insecure): the " + what + " open to anyone who can reach this address";
    }

    /**
     * Servlet-level pieces at the FHIR servlet's {@code pathSpec} (e.g. {@code /fhir/*}): an unsupported charset gets
     * 415, a query string that is not UTF-8 400, and {@code .well-known/smart-configuration} under it serves the SMART
     * discovery document (404 when the API takes no tokens).
     */
    public void protectFhirPath(ServletContextHandler context, String pathSpec) {
        context.addFilter(new FilterHolder(CharsetFilter.forFhir()), pathSpec, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new QueryEncodingFilter()), pathSpec, EnumSet.of(DispatcherType.REQUEST));
        String prefix = pathSpec.endsWith("/*") ? pathSpec.substring(0, pathSpec.length() - 2) : pathSpec;
        context.addServlet(new ServletHolder("smart-configuration", new SmartConfigurationServlet(smartConfiguration())),
                prefix + SmartConfigurationServlet.PATH);
    }

    /** The SMART discovery document, or null when the FHIR API takes no access tokens. */
    public SmartConfiguration smartConfiguration() {
        return accessTokens == null ? null : SmartConfiguration.of(settings);
    }

    /** {@link #protectFhir(RestfulServer, CurrentResourceLookup)} for Chelate's own server over its JDBC store. */
    public void protectFhir(ChelateRestfulServer server) {
        protectFhir(server, new ResourceServiceLookup(server.resourceService()));
    }

    /**
     * Registers, in this order, body-shape limits, value checks (numbers, UTF-8), SMART authorization (when configured) and the audit trail.
     *
     * @param stored reads stored resources so updates and deletes are judged by what they replace; null only for a
     *               store that fires HAPI's storage hooks
     */
    public void protectFhir(RestfulServer server, CurrentResourceLookup stored) {
        server.registerInterceptor(new FhirBodyLimitsInterceptor(settings.bodyShape()));
        server.registerInterceptor(new FhirValueChecks(server.getFhirContext()));
        if (accessTokens != null) {
            server.registerInterceptor(
                    new SmartAuthorizationInterceptor(accessTokens, server.getFhirContext(), stored));
            server.registerInterceptor(new SmartCapabilityStatement(smartConfiguration()));
        }
        server.registerInterceptor(new FhirAuditInterceptor());
    }

    /**
     * Adds, in this order, the CDS Hooks JWT check (when configured), the feedback audit and the JSON limits in front
     * of whatever serves {@code pathSpec}.
     */
    public void protectCds(ServletContextHandler context, String pathSpec) {
        protectCds(context, pathSpec, null);
    }

    /**
     * As {@link #protectCds(ServletContextHandler, String)}; the JSON limits read each body with {@code reader} (the
     * CDS Hooks service's parse) and hand the tree to the servlet, so that the body is read once.
     */
    public void protectCds(ServletContextHandler context, String pathSpec, Function<byte[], JsonNode> reader) {
        if (cdsTokens != null) {
            context.addFilter(new FilterHolder(new CdsJwtFilter(cdsTokens, settings.publicUrl())), pathSpec,
                    EnumSet.of(DispatcherType.REQUEST));
        }
        context.addFilter(new FilterHolder(new CdsAuditFilter()), pathSpec, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(CharsetFilter.forJson()), pathSpec, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new JsonLimitsFilter(settings.maxBodyBytes(), settings.bodyShape(), reader)),
                pathSpec, EnumSet.of(DispatcherType.REQUEST));
    }

    /**
     * CORS for /cds-services and the per-client rate limit (loopback callers exempt) around {@code handler}; use the
     * result as the root handler.
     */
    public Handler wrap(Handler handler) {
        return RequestRateLimit.perClient(new CdsCors(handler, settings.cdsCorsOrigins()),
                settings.requestsPerSecond(), RequestRateLimit.DEFAULT_MAX_TRACKED_CLIENTS, true);
    }

    /**
     * What the CDS fhirServer fallback may reach ({@code CdsHooksConfig.withOutbound}): the allowlisted origins only,
     * {@value #FETCH_TIMEOUT_MILLIS} ms, {@value #FETCH_MAX_BYTES} bytes; nothing at all when the allowlist is empty.
     */
    public OutboundFetchPolicy outboundFetchPolicy() {
        return outbound;
    }

    /** The CORS origins, for {@code CdsHooksConfig.withCorsOrigins}, so the servlet agrees with {@link #wrap}. */
    public List<String> cdsCorsOrigins() {
        return List.copyOf(settings.cdsCorsOrigins());
    }

    /**
     * Records the CDS Hooks token ids in the database from now on, so that a token used on one server instance is
     * refused by every instance on the same database (nothing to do in open mode).
     */
    public void shareCdsTokenIds(DataSource dataSource) {
        if (cdsTokens != null) {
            cdsTokens.replayGuard().shareThrough(new JdbcTokenIds(dataSource, Clock.systemUTC()));
        }
    }

    /** The CDS Hooks token check, or null in open mode (e.g. for a servlet that verifies by itself). */
    public CdsJwtVerifier cdsVerifier() {
        return cdsTokens;
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // an empty host means every interface
        }
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static void requireHttpUrl(String option, URI url) throws InsecureStartException {
        if (url != null && (url.getHost() == null
                || !("https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme())))) {
            throw new InsecureStartException(option + " must be an absolute http(s) URL, got " + url);
        }
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
