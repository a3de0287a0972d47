package org.chelate.server.security.discovery;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * Serves {@link SmartConfiguration} as JSON to anyone (it is public metadata, readable cross-origin by browser apps);
 * 404 with a JSON error when no access-token issuer is configured.
 */
public final class SmartConfigurationServlet extends HttpServlet {

    public static final String PATH = "/.well-known/smart-configuration";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final transient SmartConfiguration configuration;

    /** @param configuration null when the FHIR API takes no access tokens */
    public SmartConfigurationServlet(SmartConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Access-Control-Allow-Origin", "*");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        Object body;
        if (configuration == null) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            body = Map.of("error", "not_found", "error_description",
                    "this server takes no access tokens (no --auth-issuer configured)");
        } else {
            response.setHeader("Cache-Control", "max-age=300");
            body = configuration.document();
        }
        JSON.writeValue(response.getOutputStream(), body);
    }
}
