package org.chelate.server.app;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the clinician view's static files from the jar at {@code /app/*}, with a Content-Security-Policy that allows
 * scripts, styles and calls only from this server (and the token endpoint of the authorization server the SMART
 * configuration names): no inline script, no third-party call, no framing by other sites.
 */
final class AppServlet extends HttpServlet {

    static final String RESOURCE_ROOT = "/org/chelate/server/app/static/";
    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,40}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final String contentSecurityPolicy;

    /** @param tokenEndpoint the authorization server's token endpoint the page may POST to, or null */
    AppServlet(URI tokenEndpoint) {
        this.contentSecurityPolicy = contentSecurityPolicy(tokenEndpoint);
    }

    static String contentSecurityPolicy(URI tokenEndpoint) {
        String connect = "'self'";
        if (tokenEndpoint != null && tokenEndpoint.getHost() != null) {
            connect += " " + tokenEndpoint.getScheme() + "://" + tokenEndpoint.getRawAuthority();
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src " + connect
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/" + query(request));
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!FILE_NAME.matcher(name).matches()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = AppServlet.class.getResourceAsStream(RESOURCE_ROOT + name)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            String extension = name.substring(name.lastIndexOf('.') + 1);
            response.setContentType(TYPES.get(extension));
            response.setHeader("Content-Security-Policy", contentSecurityPolicy);
            response.setHeader("X-Content-Type-Options", "nosniff");
            // the launch parameters and the authorization code must not leak to a linked page
            response.setHeader("Referrer-Policy", "no-referrer");
            response.setHeader("Cache-Control", "no-cache");
            in.transferTo(response.getOutputStream());
        }
    }

    private static String query(HttpServletRequest request) {
        return request.getQueryString() == null ? "" : "?" + request.getQueryString();
    }
}
