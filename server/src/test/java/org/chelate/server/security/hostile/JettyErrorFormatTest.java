package org.chelate.server.security.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Observed: 18 errors answered below the application (414, 431, 400 "Ambiguous URI", a NUL in the path) came back as
 * Jetty's HTML pages. Now each is an OperationOutcome under /fhir and a JSON error under /cds-services, with the
 * status Jetty chose.
 */
class JettyErrorFormatTest extends HostileServer {

    private static final String LONG = "a".repeat(20_000);

    /** Request target, extra header lines, expected status, whether Jetty could read the path. */
    private static final List<Object[]> CASES = List.of(
            new Object[] {"/Patient/%2e%2e/x", "", 400, true},
            new Object[] {"/Patient/a%2fb", "", 400, true},
            new Object[] {"/..;/x", "", 400, true},
            new Object[] {"/Patient/%ff", "", 400, true},
            new Object[] {"/a\\b", "", 400, true},
            new Object[] {"/Patient/a%00b", "", 400, false},
            new Object[] {"/Patient/a%2", "", 400, false},
            new Object[] {"/Patient?name=" + LONG, "", 414, false},
            new Object[] {"/metadata", "X-Big: " + LONG + "\r\n", 431, true},
            new Object[] {"/metadata", "Content-Length: x\r\n", 400, true});

    @Test
    void jettyErrorsUnderFhirAreOperationOutcomes() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Object[] c : CASES) {
            String response = exchange("/fhir" + c[0], (String) c[1]);
            check(wrong, "/fhir" + c[0], response, (int) c[2], "application/fhir+json",
                    "\"resourceType\":\"OperationOutcome\"");
        }
        assertEquals(List.of(), wrong);
    }

    /** Where Jetty cannot read the path, no format can follow it: the answer is then an OperationOutcome, still JSON. */
    @Test
    void jettyErrorsUnderCdsServicesAreJson() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Object[] c : CASES) {
            String target = "/cds-services" + c[0];
            boolean pathRead = (boolean) c[3];
            check(wrong, target, exchange(target, (String) c[1]), (int) c[2],
                    pathRead ? "application/json" : "application/fhir+json",
                    pathRead ? "\"error\":\"" : "\"resourceType\":\"OperationOutcome\"");
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void servletErrorsAndUnknownPathsAreJsonToo() throws Exception {
        String notAllowed = raw("DELETE /fhir HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertFalse(notAllowed.toLowerCase(Locale.ROOT).contains("<html"), head(notAllowed));
        String unknown = raw("GET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(unknown.startsWith("HTTP/1.1 404"), head(unknown));
        assertTrue(unknown.contains("\"error\":\"not_found\""), head(unknown));
        String garbage = raw("\u0001\u0002 nonsense\r\n\r\n");
        assertFalse(garbage.toLowerCase(Locale.ROOT).contains("<html"), head(garbage));
    }

    private static String exchange(String target, String headers) throws Exception {
        return raw("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers + "Connection: close\r\n\r\n");
    }

    private static void check(List<String> wrong, String target, String response, int status, String type,
            String marker) {
        String lower = response.toLowerCase(Locale.ROOT);
        boolean ok = response.startsWith("HTTP/1.1 " + status) && lower.contains("content-type: " + type)
                && response.contains(marker) && !lower.contains("<html");
        if (!ok) {
            wrong.add(target.substring(0, Math.min(40, target.length())) + " -> " + head(response));
        }
    }

    private static String head(String response) {
        return response.substring(0, Math.min(400, response.length())).replace("\r\n", " | ");
    }
}
