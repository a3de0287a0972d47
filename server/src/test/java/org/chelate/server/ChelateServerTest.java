package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.chelate.server.testing.Backend;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server in this JVM on a free port, talked to over real HTTP. */
class ChelateServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void healthIsUpWithJsonWhileTheStoreAnswersAndDownWith503WhenItDoesNot(Backend backend) throws Exception {
        try (ChelateServer server = ChelateServer.start(backend.freshConfig(dataDir))) {
            URI health = server.baseUri().resolve("/health");

            HttpResponse<String> up = get(health);
            assertEquals(200, up.statusCode());
            assertTrue(up.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("UP", JSON.readTree(up.body()).path("status").asText());

            server.database().close();

            HttpResponse<String> down = get(health);
            assertEquals(503, down.statusCode());
            JsonNode body = JSON.readTree(down.body());
            assertEquals("DOWN", body.path("status").asText());
            assertEquals("DOWN", body.path("store").asText());
        }
    }

    @Test
    void portZeroPicksAFreePortAndTheFhirEndpointAnswers() throws Exception {
        try (ChelateServer server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            assertTrue(server.port() > 0);
            assertEquals(URI.create("http://127.0.0.1:" + server.port() + "/fhir"), server.fhirBase());
            HttpResponse<String> metadata = get(URI.create(server.fhirBase() + "/metadata"));
            assertEquals(200, metadata.statusCode());
            assertEquals("CapabilityStatement", JSON.readTree(metadata.body()).path("resourceType").asText());
            assertTrue(Files.exists(dataDir.resolve("chelate.mv.db")), "the H2 file lives in the data dir");
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithOneLineNamingTheUrlAndCause() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/chelate";
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dataDir).database(url, "u", "p").build();

        StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config));

        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("refused"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aWrongPostgresPasswordFailsTheStartWithOneLineNamingTheUrl() {
        String url = System.getenv(Backend.PG_URL_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(), "PostgreSQL not configured: set " + Backend.PG_URL_ENV);
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dataDir)
                .database(url, System.getenv(Backend.PG_USER_ENV), "certainly-not-the-password").build();

        StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config));

        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().contains("password"), e.getMessage());
        assertFalse(e.getMessage().contains("certainly-not-the-password"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void aUrlNoDriverUnderstandsFailsTheStartNamingTheUrl() {
        ServerConfig config = ServerConfig.builder().port(0).dataDir(dataDir).database("jdbc:nosuchdb://x", null, null)
                .build();
        StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config));
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://x"), e.getMessage());
    }

    @Test
    void aPortInUseFailsTheStartNamingTheAddressAndClosesTheStore() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ServerConfig config = ServerConfig.builder().port(taken.getLocalPort()).dataDir(dataDir).build();

            StartupException e = assertThrows(StartupException.class, () -> ChelateServer.start(config));

            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        // the failed start released the H2 file: the same data dir opens again
        try (ChelateServer server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build())) {
            assertEquals(200, get(server.baseUri().resolve("/health")).statusCode());
        }
    }

    @Test
    void whileStoppingARequestInFlightFinishesAndANewOneGets503WithAnOperationOutcome() throws Exception {
        ChelateServer server = ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir).build());
        CompletableFuture<Void> stopped = null;
        try (Socket idle = new Socket("127.0.0.1", server.port());
                Socket slow = new Socket("127.0.0.1", server.port())) {
            idle.setSoTimeout(20_000);
            slow.setSoTimeout(20_000);
            assertTrue(exchange(idle, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n").startsWith("HTTP/1.1 200"));

            byte[] body = "{\"resourceType\":\"Patient\",\"gender\":\"female\"}".getBytes(StandardCharsets.UTF_8);
            OutputStream out = slow.getOutputStream();
            out.write(("POST /fhir/Patient HTTP/1.1\r\nHost: x\r\nContent-Type: application/fhir+json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 10);
            out.flush();
            Thread.sleep(1_000); // the server takes the request in and waits for the rest of its body

            stopped = CompletableFuture.runAsync(() -> {
                try {
                    server.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(500);

            String rejected = exchange(idle, "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(rejected.startsWith("HTTP/1.1 503"), rejected);
            assertTrue(rejected.contains("\"resourceType\":\"OperationOutcome\""), rejected);

            out.write(body, 10, body.length - 10);
            out.flush();
            String created = readResponse(slow.getInputStream());
            assertTrue(created.startsWith("HTTP/1.1 201"), created);
            stopped.get(30, TimeUnit.SECONDS);
        } finally {
            if (stopped == null) {
                server.close();
            }
        }
    }

    private static String exchange(Socket socket, String request) throws Exception {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return readResponse(socket.getInputStream());
    }

    /** Status line, headers and body (by Content-Length, chunks, or up to the close) of one HTTP/1.1 response. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        if (length.find()) {
            return head + new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        }
        if (!head.toString().toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            return head + new String(in.readAllBytes(), StandardCharsets.UTF_8); // delimited by the connection's close
        }
        StringBuilder body = new StringBuilder();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new java.io.EOFException("connection closed in a chunked body after: " + head + body);
                }
                size.append((char) b);
            }
            int n = Integer.parseInt(size.toString().trim(), 16);
            body.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
            in.readNBytes(2);
            if (n == 0) {
                return head + body.toString();
            }
        }
    }
}
