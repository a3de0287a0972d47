package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chelate.plugin.http.BodyDrain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CDS Hooks 2.0 over HTTP; mount at {@code /cds-services/*} on any jakarta.servlet 6 host:
 * {@code GET /cds-services} (discovery), {@code POST /cds-services/{id}} (invocation),
 * {@code POST /cds-services/{id}/feedback}, and CORS preflight. Errors are JSON with the right status; never a 500
 * for bad input.
 */
public class CdsHooksServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksServlet.class);
    private static final String JSON = "application/json";
    /**
     * Request attribute a host's authentication filter sets to the verified issuer ({@code iss}) of the caller's
     * token; cards and feedback are bound to it. Absent when calls are not authenticated.
     */
    public static final String CLIENT_ISSUER_ATTRIBUTE = "org.chelate.cds.client-issuer";

    private final transient CdsHooksService service;

    public CdsHooksServlet(CdsHooksService service) {
        this.service = service;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        cors(req, resp);
        String method = req.getMethod().toUpperCase(Locale.ROOT);
        List<String> path = segments(req.getPathInfo());
        try {
            if (method.equals("OPTIONS")) {
                resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
                return;
            }
            if (path.isEmpty()) {
                require(method, "GET", "HEAD");
                write(resp, 200, service.discovery());
                return;
            }
            if (path.size() == 1) {
                require(method, "POST");
                JsonNode body = body(req);
                write(resp, 200, service.invoke(path.get(0), body, client(req)));
                return;
            }
            if (path.size() == 2 && path.get(1).equals("feedback")) {
                require(method, "POST");
                JsonNode body = body(req);
                service.feedback(path.get(0), body, client(req));
                write(resp, 200, service.json().createObjectNode());
                return;
            }
            throw new CdsHooksException(404, "no such CDS Hooks resource: " + req.getRequestURI());
        } catch (CdsHooksException e) {
            if (e.status() >= 500) {
                LOG.error("CDS call failed: {}", e.getMessage(), e);
            } else {
                LOG.info("CDS request refused ({}): {}", e.status(), e.getMessage());
            }
            error(resp, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("unexpected failure answering {} {}", method, req.getRequestURI(), e);
            error(resp, 500, "internal error");
        }
    }

    private static String client(HttpServletRequest req) {
        return req.getAttribute(CLIENT_ISSUER_ATTRIBUTE) instanceof String issuer ? issuer : null;
    }

    private static void require(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new CdsHooksException(405, "method " + method + " not allowed here");
    }

    private JsonNode body(HttpServletRequest req) throws IOException {
        String type = req.getContentType();
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
            throw new CdsHooksException(415, "request body must be application/json, not " + type);
        }
        long max = service.config().maxBodyBytes();
        Optional<ParsedRequestBody> parsed = ParsedRequestBody.of(req);
        if (parsed.isPresent()) {
            if (parsed.get().bytes() > max) {
                throw tooLarge(max);
            }
            return parsed.get().tree();
        }
        try (InputStream in = req.getInputStream()) {
            if (req.getContentLengthLong() > max) {
                throw tooLarge(in, max);
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw tooLarge(in, max);
            }
            return service.parse(bytes);
        }
    }

    /**
     * Reads and drops what is left of an oversized body, up to a bound, so that the client (which may still be
     * sending) receives the 413 rather than a reset connection; past the bound the connection is simply closed.
     */
    private static CdsHooksException tooLarge(InputStream in, long max) throws IOException {
        BodyDrain.drainBounded(in);
        return tooLarge(max);
    }

    private static CdsHooksException tooLarge(long max) {
        return new CdsHooksException(413, "request body exceeds " + max + " bytes");
    }

    private void cors(HttpServletRequest req, HttpServletResponse resp) {
        String origin = req.getHeader("Origin");
        List<String> allowed = service.config().corsOrigins();
        if (allowed.contains("*")) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
        } else if (origin != null && allowed.contains(origin)) {
            resp.setHeader("Access-Control-Allow-Origin", origin);
            resp.setHeader("Vary", "Origin");
        } else {
            return;
        }
        resp.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        resp.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
        resp.setHeader("Access-Control-Max-Age", "600");
    }

    private void write(HttpServletResponse resp, int status, ObjectNode body) throws IOException {
        resp.setStatus(status);
        resp.setContentType(JSON);
        resp.setCharacterEncoding("UTF-8");
        service.json().writeValue(resp.getOutputStream(), body);
    }

    private void error(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.resetBuffer();
        ObjectNode body = service.json().createObjectNode();
        body.put("status", status);
        body.put("error", message == null ? "error" : message);
        if (status == 405) {
            resp.setHeader("Allow", "GET, POST, OPTIONS");
        }
        write(resp, status, body);
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null || pathInfo.equals("/") || pathInfo.isEmpty()) {
            return List.of();
        }
        String p = pathInfo.startsWith("/") ? pathInfo.substring(1) : pathInfo;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return List.of(p.split("/", -1));
    }
}
