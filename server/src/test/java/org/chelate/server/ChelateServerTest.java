package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.chelate.server.testing.Backend;
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
}
