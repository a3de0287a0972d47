package org.chelate.plugin.cdshooks;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A FHIR server stand-in on real Jetty: answers GETs by resource type, can be slow, redirect, or be huge. */
final class FakeFhirServer extends HttpServlet {

    record Seen(String uri, String authorization) {
    }

    final Map<String, String> bodiesByType = new ConcurrentHashMap<>();
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    volatile long delayMillis;
    volatile String redirectTo;
    volatile int hugeBytes;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        seen.add(new Seen(req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString()),
                req.getHeader("Authorization")));
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (redirectTo != null) {
            resp.setStatus(302);
            resp.setHeader("Location", redirectTo);
            return;
        }
        resp.setContentType("application/fhir+json");
        if (hugeBytes > 0) {
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            var out = resp.getOutputStream();
            out.write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"".getBytes());
            for (int written = 0; written < hugeBytes; written += chunk.length) {
                out.write(chunk);
            }
            out.write("}".getBytes());
            return;
        }
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String type = path.replaceFirst("^/", "").split("/")[0];
        String body = bodiesByType.get(type);
        if (body == null) {
            resp.setStatus(404);
            resp.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"not-found\"}]}");
            return;
        }
        resp.getWriter().write(body);
    }
}
