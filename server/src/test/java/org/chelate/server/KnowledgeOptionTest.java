package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.server.config.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --knowledge FILE: the pack both the regimen summary and CDS Hooks use, checked before the server starts. */
class KnowledgeOptionTest {

    @TempDir
    Path dir;

    @Test
    void theOptionAndItsVariableNameTheFile() throws Exception {
        assertEquals(Path.of("/etc/chelate/pack.json"), ServerOptions.parse(
                new String[] {"--knowledge", "/etc/chelate/pack.json"}, Map.of()).config().knowledgeFile());
        assertEquals(Path.of("/srv/pack.json"), ServerOptions.parse(
                new String[0], Map.of("CHELATE_KNOWLEDGE", "/srv/pack.json")).config().knowledgeFile());
        assertEquals(null, ServerOptions.parse(new String[0], Map.of()).config().knowledgeFile());
    }

    @Test
    void aBadPackStopsTheStartNamingTheEntry() throws Exception {
        Path pack = dir.resolve("bad-pack.json");
        Files.writeString(pack, shippedPack().replace("\"mg\": 110,", "\"mg\": -110,"));
        ServerConfig config = ServerConfig.defaults().toBuilder().port(0).dataDir(dir.resolve("data"))
                .knowledgeFile(pack).build();
        StartupException failure = assertThrows(StartupException.class, () -> ChelateServer.start(config));
        assertTrue(failure.getMessage().contains("mg-ul-4-8y"), failure.getMessage());
    }

    @Test
    void theGivenPackIsTheOneTheRegimenSummaryCites() throws Exception {
        String shipped = shippedPack();
        String shippedVersion = KnowledgePack.loadDefault().version();
        Path pack = dir.resolve("site-pack.json");
        Files.writeString(pack, shipped.replace("\"version\": \"" + shippedVersion + "\"",
                "\"version\": \"site-override-1\""));
        ServerConfig config = ServerConfig.defaults().toBuilder().port(0).dataDir(dir.resolve("data"))
                .knowledgeFile(pack).build();
        try (ChelateServer server = ChelateServer.start(config)) {
            HttpClient http = HttpClient.newHttpClient();
            String patient = "{\"resourceType\":\"Patient\",\"id\":\"k1\",\"birthDate\":\"1990-01-01\"}";
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(server.fhirBase() + "/Patient/k1"))
                    .header("Content-Type", "application/fhir+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(patient)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, put.statusCode(), put.body());
            HttpResponse<String> summary = http.send(HttpRequest.newBuilder(
                    URI.create(server.fhirBase() + "/Patient/k1/$regimen-summary")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, summary.statusCode(), summary.body());
            assertTrue(summary.body().contains("\"valueString\":\"site-override-1\""), summary.body());
        }
    }

    private static String shippedPack() throws Exception {
        try (var in = KnowledgePack.class.getResourceAsStream("default-pack.json")) {
            String pack = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(pack.contains("\"mg\": 110,"), "the shipped pack changed: update this test's edit");
            return pack;
        }
    }
}
