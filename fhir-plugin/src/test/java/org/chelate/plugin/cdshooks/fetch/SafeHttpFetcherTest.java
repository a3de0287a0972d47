package org.chelate.plugin.cdshooks.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fhirServer fallback fetcher against real local Jetty servers: one allowlisted EHR, one stranger. */
class SafeHttpFetcherTest {

    private static final String TOKEN = "secret-ehr-token";
    /** generous hang guard, not a speed target: every bounded case must finish long before it */
    private static final Duration HANG_GUARD = Duration.ofSeconds(5);

    static Server ehr;
    static Server stranger;
    static URI ehrBase;
    static URI strangerBase;
    static final List<String> strangerSawAuthorization = new CopyOnWriteArrayList<>();
    static final List<String> ehrSawAuthorization = new CopyOnWriteArrayList<>();
    static SafeHttpFetcher fetcher;

    @BeforeAll
    static void start() throws Exception {
        stranger = jetty(context -> context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                strangerSawAuthorization.add(String.valueOf(request.getHeader("Authorization")));
                response.setContentType("application/fhir+json");
                response.getWriter().write("{\"resourceType\":\"Patient\",\"id\":\"stolen\"}");
            }
        }), "/*"));
        strangerBase = URI.create("http://127.0.0.1:" + port(stranger));
        ehr = jetty(context -> {
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    ehrSawAuthorization.add(String.valueOf(request.getHeader("Authorization")));
                    response.setContentType("application/fhir+json");
                    response.getWriter().write("{\"resourceType\":\"Patient\",\"id\":\"123\"}");
                }
            }), "/fhir/Patient/*");
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.sendRedirect(strangerBase + "/fhir/Patient/123");
                }
            }), "/fhir/moved/*");
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    sleep(3_000);
                    response.getWriter().write("{}");
                }
            }), "/fhir/slow-headers");
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.setContentType("application/fhir+json");
                    OutputStream out = response.getOutputStream();
                    out.write('{');
                    out.flush();
                    for (int i = 0; i < 30; i++) { // trickles for up to 3 s
                        sleep(100);
                        out.write(' ');
                        out.flush();
                    }
                    out.write('}');
                }
            }), "/fhir/slow-body");
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.setContentType("application/fhir+json");
                    OutputStream out = response.getOutputStream(); // chunked, no Content-Length
                    byte[] chunk = new byte[64 * 1024];
                    java.util.Arrays.fill(chunk, (byte) ' ');
                    for (int i = 0; i < 1024; i++) { // up to 64 MiB if nobody stops reading
                        out.write(chunk);
                    }
                }
            }), "/fhir/huge");
            context.addServlet(new ServletHolder(new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    response.setContentLengthLong(64L * 1024 * 1024);
                    OutputStream out = response.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    for (int i = 0; i < 1024; i++) {
                        out.write(chunk);
                    }
                }
            }), "/fhir/huge-declared");
        });
        ehrBase = URI.create("http://127.0.0.1:" + port(ehr) + "/fhir");
        fetcher = new SafeHttpFetcher(OutboundFetchPolicy.allowing(Set.of("http://127.0.0.1:" + port(ehr)))
                .withMaxTime(Duration.ofMillis(500)).withMaxResponseBytes(1024 * 1024));
    }

    @AfterAll
    static void stop() throws Exception {
        ehr.stop();
        stranger.stop();
    }

    @Test
    void allowlistedOriginIsFetchedWithTheToken() throws Exception {
        FetchResponse response = fetcher.get(SafeHttpFetcher.resolve(ehrBase, "Patient/123"), TOKEN, null);
        assertEquals(200, response.status());
        assertTrue(response.bodyAsString().contains("\"id\":\"123\""));
        assertTrue(ehrSawAuthorization.contains("Bearer " + TOKEN));
    }

    @Test
    void nonAllowlistedHostIsNeverContacted() {
        int before = strangerSawAuthorization.size();
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.get(URI.create(strangerBase + "/fhir/Patient/123"), TOKEN, null));
        assertEquals(FetchException.Reason.NOT_ALLOWED, e.reason());
        assertEquals(before, strangerSawAuthorization.size());
    }

    @Test
    void sameHostOtherPortOrSchemeIsNotAllowed() {
        OutboundFetchPolicy policy = fetcher.policy();
        assertTrue(policy.allows(URI.create(ehrBase + "/Patient/1")));
        assertTrue(!policy.allows(URI.create("https://127.0.0.1:" + ehrBase.getPort() + "/fhir")));
        assertTrue(!policy.allows(URI.create("http://127.0.0.1:1/fhir")));
        assertTrue(!policy.allows(URI.create("http://user@127.0.0.1:" + ehrBase.getPort() + "/fhir")));
        assertTrue(!policy.allows(URI.create("file:///etc/passwd")));
    }

    @Test
    void redirectToAnotherHostIsNotFollowedAndTheTokenStaysHome() {
        int before = strangerSawAuthorization.size();
        FetchException e = assertThrows(FetchException.class,
                () -> fetcher.get(SafeHttpFetcher.resolve(ehrBase, "moved/123"), TOKEN, null));
        assertEquals(FetchException.Reason.REDIRECT, e.reason());
        assertEquals(before, strangerSawAuthorization.size(), "the stranger must not be contacted");
    }

    @Test
    void slowHeadersAreCutOffAtTheBudget() {
        FetchException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(FetchException.class,
                () -> fetcher.get(SafeHttpFetcher.resolve(ehrBase, "slow-headers"), TOKEN, Duration.ofMillis(200))));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void tricklingBodyIsCutOffAtTheBudget() {
        FetchException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(FetchException.class,
                () -> fetcher.get(SafeHttpFetcher.resolve(ehrBase, "slow-body"), TOKEN, Duration.ofMillis(300))));
        assertEquals(FetchException.Reason.TIMEOUT, e.reason());
    }

    @Test
    void hugeStreamedBodyIsCutOffAtTheCap() {
        FetchException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(FetchException.class,
                () -> fetcher.get(SafeHttpFetcher.resolve(ehrBase, "huge"), TOKEN, Duration.ofSeconds(3))));
        assertEquals(FetchException.Reason.TOO_LARGE, e.reason());
    }

    @Test
    void hugeDeclaredBodyIsRefusedBeforeReading() {
        FetchException e = assertTimeoutPreemptively(HANG_GUARD, () -> assertThrows(FetchException.class,
                () -> fetcher.get(SafeHttpFetcher.resolve(ehrBase, "huge-declared"), TOKEN, null)));
        assertEquals(FetchException.Reason.TOO_LARGE, e.reason(), e.getMessage());
    }

    @Test
    void relativeQueriesCannotLeaveTheFhirServer() {
        for (String escape : List.of("//evil.example.org/x", "https://evil.example.org/fhir/Patient/1", "/admin",
                "../admin", "http://127.0.0.1:" + ehrBase.getPort() + "/other")) {
            FetchException e = assertThrows(FetchException.class, () -> SafeHttpFetcher.resolve(ehrBase, escape), escape);
            assertEquals(FetchException.Reason.NOT_ALLOWED, e.reason());
        }
    }

    @Test
    void relativeQueryKeepsItsParameters() throws Exception {
        assertEquals(URI.create(ehrBase + "/MedicationStatement?patient=123&status=active"),
                SafeHttpFetcher.resolve(ehrBase, "MedicationStatement?patient=123&status=active"));
    }

    @Test
    void emptyAllowlistAllowsNothing() {
        SafeHttpFetcher closed = new SafeHttpFetcher(OutboundFetchPolicy.none());
        FetchException e = assertThrows(FetchException.class, () -> closed.get(ehrBase, null, null));
        assertEquals(FetchException.Reason.NOT_ALLOWED, e.reason());
    }

    private interface Setup {
        void accept(ServletContextHandler context);
    }

    private static Server jetty(Setup setup) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        setup.accept(context);
        server.setHandler(context);
        server.setStopTimeout(0); // slow test servlets may still be sleeping: no graceful wait
        server.start();
        return server;
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
