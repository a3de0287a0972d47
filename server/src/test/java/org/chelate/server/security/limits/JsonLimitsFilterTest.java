package org.chelate.server.security.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.chelate.plugin.cdshooks.ParsedRequestBody;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestJetty;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON limits filter with a reader: it checks the parsed tree and hands it on; what the reader refuses is streamed. */
class JsonLimitsFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestJetty jetty;

    @BeforeAll
    static void start() throws Exception {
        jetty = TestJetty.start(context -> {
            context.addServlet(new ServletHolder(new TreeOrEcho()), "/cds-services/*");
            context.addFilter(new FilterHolder(new JsonLimitsFilter(4_096, new BodyShapeLimits(64, 3), body -> {
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            })), "/cds-services/*", EnumSet.of(DispatcherType.REQUEST));
        });
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
    }

    @Test
    void aGoodBodyReachesTheServletAsTheTreeTheFilterRead() throws Exception {
        String body = "{\"hook\": \"patient-view\", \"entry\": [1, 2, 3]}";
        HttpResponse<String> response = post(body);
        assertEquals(200, response.statusCode());
        assertEquals("tree of " + body.length() + " bytes: {\"hook\":\"patient-view\",\"entry\":[1,2,3]}", response.body());
    }

    @Test
    void theTreeIsCheckedForTheSameLimits() throws Exception {
        HttpResponse<String> control = post("{\"hook\":\"a\\u0000b\"}");
        assertEquals(400, control.statusCode());
        assertTrue(control.body().contains("invalid_request") && control.body().contains("control character"),
                control.body());

        HttpResponse<String> deep = post("[".repeat(100) + "]".repeat(100));
        assertEquals(400, deep.statusCode());
        assertTrue(deep.body().contains("deeper than 64"), deep.body());

        HttpResponse<String> entries = post("{\"entry\":[{},{},{},{}]}");
        assertEquals(413, entries.statusCode());
        assertTrue(entries.body().contains("request_too_large"), entries.body());
    }

    @Test
    void whatTheReaderRefusesIsStreamedForItsShapeAndLeftToTheServlet() throws Exception {
        HttpResponse<String> malformed = post("{\"hook\": ");
        assertEquals(200, malformed.statusCode());
        assertEquals("no tree, body {\"hook\": ", malformed.body());

        HttpResponse<String> malformedAndDeep = post("[".repeat(100));
        assertEquals(400, malformedAndDeep.statusCode());
        assertTrue(malformedAndDeep.body().contains("deeper than 64"), malformedAndDeep.body());
    }

    private static HttpResponse<String> post(String body) throws Exception {
        return Http.postJson(jetty.uri("/cds-services/x"), null, "application/json", body);
    }

    private static final class TreeOrEcho extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object parsed = request.getAttribute(ParsedRequestBody.class.getName());
            if (parsed instanceof ParsedRequestBody tree) {
                JsonNode node = tree.tree();
                response.getWriter().write("tree of " + tree.bytes() + " bytes: " + node);
            } else {
                response.getWriter().write("no tree, body " + new String(request.getInputStream().readAllBytes()));
            }
        }
    }
}
