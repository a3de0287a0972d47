package org.chelate.server.security.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.TestJetty;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** CORS on /cds-services, the JSON body filter and the per-client rate limit, on a real Jetty. */
class HttpEdgeLimitsTest {

    private TestJetty jetty;

    @AfterEach
    void stop() throws Exception {
        if (jetty != null) {
            jetty.close();
        }
    }

    @Test
    void preflightFromAllowedOriginGetsCdsHooksCorsHeaders() throws Exception {
        start(Set.of("https://ehr.example.org"), 10_000);
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(jetty.uri("/cds-services/chelate-patient-view"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://ehr.example.org")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type"));
        assertEquals(200, response.statusCode());
        assertEquals(Optional.of("https://ehr.example.org"), response.headers().firstValue("Access-Control-Allow-Origin"));
        String methods = response.headers().firstValue("Access-Control-Allow-Methods").orElse("");
        assertTrue(methods.contains("POST") && methods.contains("GET"), methods);
        String headers = response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
        assertTrue(headers.contains("authorization") && headers.contains("content-type"), headers);
    }

    @Test
    void otherOriginsGetNoCorsHeaders() throws Exception {
        start(Set.of("https://ehr.example.org"), 10_000);
        for (String origin : new String[] {"https://evil.example.org", "https://ehrXexample.org"}) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(jetty.uri("/cds-services"))
                    .GET().header("Origin", origin));
            assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), origin);
        }
    }

    @Test
    void anyOriginByDefaultPattern() throws Exception {
        start(Set.of("*"), 10_000);
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(jetty.uri("/cds-services"))
                .GET().header("Origin", "https://any-ehr.example.org"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isPresent());
    }

    @Test
    void corsIsOnlyOnCdsServices() throws Exception {
        start(Set.of("*"), 10_000);
        HttpResponse<String> response = Http.send(HttpRequest.newBuilder(jetty.uri("/fhir/metadata"))
                .GET().header("Origin", "https://any-ehr.example.org"));
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void jsonFilterRefusesDeepAndOversizedBodiesAndReplaysGoodOnes() throws Exception {
        start(Set.of("*"), 10_000);
        HttpResponse<String> ok = Http.postJson(jetty.uri("/cds-services/x"), null, "application/json", "{\"hook\":\"patient-view\"}");
        assertEquals(200, ok.statusCode());
        assertEquals("echo {\"hook\":\"patient-view\"}", ok.body());

        HttpResponse<String> deep = Http.postJson(jetty.uri("/cds-services/x"), null, "application/json",
                "[".repeat(100) + "]".repeat(100));
        assertEquals(400, deep.statusCode());
        assertTrue(deep.body().contains("\"error\":\"invalid_request\""), deep.body());

        HttpResponse<String> big = Http.postJson(jetty.uri("/cds-services/x"), null, "application/json",
                "{\"pad\":\"" + "x".repeat(5_000) + "\"}");
        assertEquals(413, big.statusCode());
        assertTrue(big.body().contains("request_too_large"), big.body());
    }

    @Test
    void clientOverTheRateGets429AndHealthIsExempt() throws Exception {
        start(Set.of("*"), 1);
        int tooMany = 0;
        for (int i = 0; i < 30; i++) {
            if (Http.send(HttpRequest.newBuilder(jetty.uri("/fhir/metadata")).GET()).statusCode() == 429) {
                tooMany++;
            }
        }
        assertTrue(tooMany > 0, "30 quick requests at 1/s must meet 429");
        for (int i = 0; i < 10; i++) {
            assertEquals(200, Http.send(HttpRequest.newBuilder(jetty.uri("/health")).GET()).statusCode());
        }
    }

    @Test
    void loopbackCanBeExempt() throws Exception {
        start(Set.of("*"), 1, true);
        for (int i = 0; i < 30; i++) {
            assertEquals(200, Http.send(HttpRequest.newBuilder(jetty.uri("/fhir/metadata")).GET()).statusCode());
        }
    }

    private void start(Set<String> origins, int requestsPerSecond) throws Exception {
        start(origins, requestsPerSecond, false);
    }

    private void start(Set<String> origins, int requestsPerSecond, boolean exemptLoopback) throws Exception {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new Echo()), "/cds-services/*");
        context.addServlet(new ServletHolder(new Echo()), "/cds-services");
        context.addServlet(new ServletHolder(new Echo()), "/fhir/*");
        context.addServlet(new ServletHolder(new Echo()), "/health");
        context.addFilter(new FilterHolder(new JsonLimitsFilter(4_096, BodyShapeLimits.defaults())), "/cds-services/*",
                EnumSet.of(DispatcherType.REQUEST));
        jetty = TestJetty.start(RequestRateLimit.perClient(new CdsCors(context, origins), requestsPerSecond, 100, exemptLoopback));
    }

    private static final class Echo extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("ok");
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.getWriter().write("echo " + new String(request.getInputStream().readAllBytes()));
        }
    }
}
