package org.chelate.server.hostile.cds;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.chelate.server.security.testing.TestJetty;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * An EHR's FHIR server on real Jetty: {@code GET /fhir/{type}...} answers the body set for the type (or
 * {@code /fhir/page/{n}} the body of page n), after the delay set for it; 404 OperationOutcome otherwise.
 */
final class FakeEhr implements AutoCloseable {

    record Seen(String uri, String authorization) {
    }

    final Map<String, String> bodies = new ConcurrentHashMap<>();
    final Map<String, Long> delays = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final TestJetty jetty;

    FakeEhr() throws Exception {
        jetty = TestJetty.start(context -> context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                answer(req, resp);
            }
        }), "/fhir/*"));
    }

    /** The fhirServer of the hook calls. */
    String base() {
        return jetty.base() + "/fhir";
    }

    /** The origin to allowlist. */
    String origin() {
        return jetty.base().toString();
    }

    String page(int n) {
        return base() + "/page/" + n;
    }

    private void answer(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        seen.add(new Seen(req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString()),
                req.getHeader("Authorization")));
        String[] path = (req.getPathInfo() == null ? "" : req.getPathInfo()).replaceFirst("^/", "").split("/");
        String key = path[0].equals("page") && path.length > 1 ? "page/" + path[1] : path[0];
        long delay = delays.getOrDefault(key, 0L);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        String body = bodies.get(key);
        resp.setContentType("application/fhir+json");
        resp.setCharacterEncoding("UTF-8");
        if (body == null) {
            resp.setStatus(404);
            body = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}";
        }
        resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    URI uri(String path) {
        return jetty.uri(path);
    }

    @Override
    public void close() throws Exception {
        delays.clear();
        jetty.close();
    }
}
