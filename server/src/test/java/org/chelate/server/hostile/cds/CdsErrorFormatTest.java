package org.chelate.server.hostile.cds;

import static org.chelate.server.hostile.cds.HookCalls.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests Jetty refuses before any servlet sees them (a URI or headers too long, an ambiguous or NUL path, a broken
 * header line) still get a CDS Hooks JSON error on /cds-services, not Jetty's HTML page.
 */
class CdsErrorFormatTest {

    @TempDir
    static Path dataDir;

    private static ChelateServer server;

    @BeforeAll
    static void start() throws Exception {
        server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static final java.util.Set<String> UNKNOWN_PATH = java.util.Set.of("URI too long", "NUL in the path");

    static Map<String, Object[]> cases() {
        Map<String, Object[]> cases = new LinkedHashMap<>();
        // Jetty keeps no path of these two: any JSON error will do (a handler may answer an OperationOutcome)
        cases.put("URI too long", new Object[] {414, "GET /cds-services/" + "a".repeat(70_000) + " HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n"});
        cases.put("headers too large", new Object[] {431, "GET /cds-services HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Big: " + "b".repeat(70_000) + "\r\nConnection: close\r\n\r\n"});
        cases.put("ambiguous path separator", new Object[] {400, "GET /cds-services/chelate-patient-view%2F..%2Ffeedback"
                + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"});
        cases.put("NUL in the path", new Object[] {400, "GET /cds-services/chelate%00patient-view HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\n\r\n"});
        cases.put("header line without a colon", new Object[] {400, "POST /cds-services/chelate-patient-view HTTP/1.1"
                + "\r\nHost: localhost\r\nNot a header\r\nConnection: close\r\n\r\n"});
        return cases;
    }

    static Object[][] requests() {
        return cases().entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()[0], e.getValue()[1]})
                .toArray(Object[][]::new);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void isAJsonErrorWithItsStatus(String what, int status, String request) throws Exception {
        RawHttp.Response answer = RawHttp.send(server.port(), request);
        assertEquals(status, answer.status(), what + ": " + answer.headers());
        assertTrue(answer.contentType().contains("json"), what + ": " + answer.headers() + "\n" + answer.body());
        JsonNode body = JSON.readTree(answer.body());
        if (UNKNOWN_PATH.contains(what) && body.has("resourceType")) {
            assertEquals("OperationOutcome", body.get("resourceType").asText(), answer.body());
            return;
        }
        assertEquals(status, body.get("status").asInt(), answer.body());
        assertTrue(body.get("error").isTextual() && !body.get("error").asText().isBlank(), answer.body());
    }
}
