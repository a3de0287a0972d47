package org.chelate.server.security.audit;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chelate.server.security.cdshooks.CdsJwtFilter;
import org.chelate.server.security.cdshooks.VerifiedCdsClient;

/**
 * Audits the one CDS Hooks call that writes, {@code POST /cds-services/{id}/feedback}: who (the verified CDS client,
 * or {@code anonymous} when CDS Hooks runs open), which service, outcome and status. Installed after the JWT filter.
 */
public final class CdsAuditFilter implements Filter {

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        boolean feedback = "POST".equals(request.getMethod()) && request.getRequestURI().endsWith("/feedback");
        try {
            chain.doFilter(request, response);
        } finally {
            if (feedback) {
                record(request, response.getStatus());
            }
        }
    }

    private static void record(HttpServletRequest request, int status) {
        VerifiedCdsClient client = request.getAttribute(CdsJwtFilter.CLIENT_ATTRIBUTE) instanceof VerifiedCdsClient c
                ? c : null;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", "cds-feedback");
        fields.put("outcome", status < 300 ? "success" : "failed");
        fields.put("status", status);
        fields.put("method", request.getMethod());
        fields.put("path", request.getRequestURI());
        fields.put("who", client == null ? "anonymous" : client.clientId() != null ? client.clientId() : client.issuer());
        fields.put("issuer", client == null ? null : client.issuer());
        fields.put("tenant", client == null ? null : client.tenant());
        fields.put("remote", request.getRemoteAddr());
        AuditLog.record(fields);
    }
}
