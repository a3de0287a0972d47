package org.chelate.server.security.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chelate.plugin.cdshooks.CdsHooksServlet;
import org.chelate.server.security.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards {@code /cds-services/*}: every request but a CORS preflight must carry {@code Authorization: Bearer <JWT>}
 * that {@link CdsJwtVerifier} accepts for the called URL; otherwise 401 with
 * {@code {"error":"...","error_description":"..."}}. The verified caller is left in the request attribute
 * {@link #CLIENT_ATTRIBUTE} for the servlet behind.
 */
public final class CdsJwtFilter implements Filter {

    public static final String CLIENT_ATTRIBUTE = VerifiedCdsClient.class.getName();
    private static final Logger LOG = LoggerFactory.getLogger(CdsJwtFilter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CdsJwtVerifier verifier;
    private final URI publicBaseUrl;

    /**
     * @param publicBaseUrl the scheme://host[:port] clients use to reach us (behind a proxy, the proxy's), from
     *                      {@code --public-url}; the expected {@code aud} is this plus the path. Required: an audience
     *                      taken from the request's Host header would accept a token minted for another host.
     */
    public CdsJwtFilter(CdsJwtVerifier verifier, URI publicBaseUrl) {
        this.verifier = verifier;
        this.publicBaseUrl = java.util.Objects.requireNonNull(publicBaseUrl,
                "the public URL (--public-url) is required to check the aud of CDS Hooks tokens");
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        if ("OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String audience = expectedAudience(request);
        try {
            VerifiedCdsClient client = verifier.verify(bearerToken(request), audience);
            request.setAttribute(CLIENT_ATTRIBUTE, client);
            request.setAttribute(CdsHooksServlet.CLIENT_ISSUER_ATTRIBUTE, client.issuer());
        } catch (CdsAuthenticationException e) {
            audit(request, e.getMessage());
            unauthorized(response, e.error(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            // fail closed: a token that trips the verifier in an unforeseen way is not a verified token
            LOG.warn("CDS Hooks token verification failed unexpectedly", e);
            audit(request, "token could not be verified");
            unauthorized(response, "invalid_token", "token could not be verified");
            return;
        }
        chain.doFilter(request, response);
    }

    private static void audit(HttpServletRequest request, String reason) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "cds-access");
        fields.put("outcome", "denied");
        fields.put("status", 401);
        fields.put("method", request.getMethod());
        fields.put("path", request.getRequestURI());
        fields.put("who", "unverified");
        fields.put("remote", request.getRemoteAddr());
        fields.put("reason", reason);
        AuditLog.record(fields);
    }

    /** The service URL this request called, which the token's {@code aud} must equal. */
    public String expectedAudience(HttpServletRequest request) {
        String base = publicBaseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + request.getRequestURI();
    }

    private static String bearerToken(HttpServletRequest request) throws CdsAuthenticationException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new CdsAuthenticationException("invalid_request", "missing Authorization: Bearer <JWT> header");
        }
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new CdsAuthenticationException("invalid_request", "Authorization header must use the Bearer scheme");
        }
        String token = header.substring(space + 1).trim();
        if (token.isEmpty()) {
            throw new CdsAuthenticationException("invalid_request", "empty bearer token");
        }
        return token;
    }

    private static void unauthorized(HttpServletResponse response, String error, String description) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer error=\"" + error + "\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(JSON.writeValueAsString(body));
    }
}
