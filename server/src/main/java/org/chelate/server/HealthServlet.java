package org.chelate.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.chelate.server.store.Database;

/** GET /health: 200 {"status":"UP"} while the store answers, 503 {"status":"DOWN"} when it does not. */
final class HealthServlet extends HttpServlet {

    private final Database database;

    HealthServlet(Database database) {
        this.database = database;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = database.isHealthy();
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(up
                ? "{\"status\":\"UP\",\"store\":\"UP\"}"
                : "{\"status\":\"DOWN\",\"store\":\"DOWN\"}");
    }
}
