package org.chelate.server.security.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;

/**
 * Throws malformed FHIR JSON/XML, hostile search parameters and broken CDS Hooks requests at the real server
 * (in-process, loopback, H2 file, open mode so that requests reach the parsers), a bounded number of tries each.
 * Every answer must be a 4xx or a success, never a 5xx, within the client timeout (no hang), and the server must stay
 * healthy after each one.
 */
class ServerFuzzTest {

    private static final Duration NO_HANG = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> FHIR_SAMPLES = List.of(
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Fuzz\",\"given\":[\"A\"]}],\"gender\":\"female\","
                    + "\"birthDate\":\"1980-02-03\",\"identifier\":[{\"system\":\"urn:x\",\"value\":\"1\"}]}",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
                    + "\"code\":\"19123-9\"}]},\"subject\":{\"reference\":\"Patient/p1\"},"
                    + "\"effectiveDateTime\":\"2024-05-01\",\"valueQuantity\":{\"value\":0.8,\"unit\":\"mmol/L\","
                    + "\"system\":\"http://unitsofmeasure.org\",\"code\":\"mmol/L\"}}",
            "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"medicationCodeableConcept\":{\"text\":"
                    + "\"Magnesium glycinate 500 mg\"},\"subject\":{\"reference\":\"Patient/p1\"},\"dosage\":[{\"timing\":"
                    + "{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},\"doseAndRate\":[{\"doseQuantity\":"
                    + "{\"value\":500,\"unit\":\"mg\"}}]}]}",
            "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:1\",\"resource\":"
                    + "{\"resourceType\":\"Patient\"},\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                    + "{\"resource\":{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                    + "\"subject\":{\"reference\":\"urn:uuid:1\"}},\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}");
    private static final List<String> XML_SAMPLES = List.of(
            "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Fuzz\"/></name><birthDate value=\"1980-02-03\"/>"
                    + "</Patient>",
            "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"x\"/></code>"
                    + "<subject><reference value=\"Patient/p1\"/></subject></Observation>");
    private static final String HOOK = "{\"hook\":\"patient-view\",\"hookInstance\":\"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea\","
            + "\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\"p1\"},\"prefetch\":{\"patient\":"
            + "{\"resourceType\":\"Patient\",\"id\":\"p1\",\"gender\":\"male\",\"birthDate\":\"1970-01-01\"},"
            + "\"medicationStatements\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
            + "{\"resourceType\":\"MedicationStatement\",\"id\":\"m1\",\"status\":\"active\",\"medicationCodeableConcept\":"
            + "{\"text\":\"zinc 50 mg\"},\"subject\":{\"reference\":\"Patient/p1\"}}}]},\"medicationRequests\":null,"
            + "\"observations\":{\"resourceType\":\"Bundle\",\"type\":\"searchset\"},\"conditions\":null}}";
    private static final List<String> TYPES = List.of("Patient", "Observation", "MedicationStatement", "Medication",
            "MedicationRequest", "Condition", "Nope", "metadata", "_history", "Patient/p1/$regimen-summary");
    private static final List<String> SEARCH_PARAMS = List.of("_id", "_count", "_sort", "_lastUpdated", "_include",
            "patient", "subject", "code", "date", "status", "effective", "birthdate", "name", "identifier", "category",
            "_elements", "_summary", "_format", "_pretty", "unknown-param", "date:missing", "code:text", "_has:x:y:z");
    private static final List<String> SEARCH_VALUES = List.of("", "-1", "0", "999999999999", "abc", "ge2024-13-40",
            "lt", "eq2024-01-01T25:61:00Z", "http://loinc.org|", "|", "||||", "Patient/../../x", "Patient/p1",
            "'; DROP TABLE resource; --", "%00", "*", "Observation:subject", "Observation:*", "-_lastUpdated",
            "x".repeat(5_000), "1e308", "2024", "sa2024-01-01", "Patient:identifier=x");

    private static Path dataDir;
    private static ChelateServer server;
    private static List<String> cdsServices = List.of("chelate-patient-view");

    @BeforeContainer
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("chelate-fuzz");
        server = ChelateServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir));
        HttpResponse<String> discovery = send(HttpRequest.newBuilder(uri("/cds-services")).GET());
        if (discovery.statusCode() == 200) {
            java.util.ArrayList<String> ids = new java.util.ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(discovery.body()).path("services")
                    .forEach(s -> ids.add(s.path("id").asText()));
            if (!ids.isEmpty()) {
                cdsServices = List.copyOf(ids);
            }
        }
    }

    @AfterContainer
    static void stop() throws Exception {
        server.close();
    }

    @Property(tries = 300)
    void malformedFhirBodiesGetA4xx(@ForAll("fhirWrites") HttpRequest.Builder request) throws Exception {
        assertNoServerError(request);
    }

    @Property(tries = 200)
    void hostileSearchesGetA4xxOrResults(@ForAll("searches") HttpRequest.Builder request) throws Exception {
        assertNoServerError(request);
    }

    @Property(tries = 200)
    void malformedHookCallsGetA4xx(@ForAll("hookCalls") HttpRequest.Builder request) throws Exception {
        assertNoServerError(request);
    }

    @Provide
    Arbitrary<HttpRequest.Builder> fhirWrites() {
        return Arbitraries.randoms().map(random -> {
            boolean xml = random.nextInt(5) == 0;
            String base = xml ? XML_SAMPLES.get(random.nextInt(XML_SAMPLES.size()))
                    : FHIR_SAMPLES.get(random.nextInt(FHIR_SAMPLES.size()));
            String body = random.nextInt(10) == 0 ? base : Mutations.mutate(base, random);
            String contentType = switch (random.nextInt(8)) {
                case 0 -> "application/json";
                case 1 -> "text/plain";
                case 2 -> "application/fhir+json; charset=latin-9000";
                default -> xml ? "application/fhir+xml" : "application/fhir+json";
            };
            String type = TYPES.get(random.nextInt(TYPES.size()));
            String path = switch (random.nextInt(4)) {
                case 0 -> "/fhir";
                case 1 -> "/fhir/" + type + "/" + (random.nextBoolean() ? "p1" : "bad%20id!");
                default -> "/fhir/" + type;
            };
            String method = path.split("/").length > 3 && random.nextBoolean() ? "PUT" : "POST";
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", contentType);
            if (random.nextInt(6) == 0) {
                request.header("If-Match", random.nextBoolean() ? "W/\"1\"" : "garbage");
            }
            if (random.nextInt(6) == 0) {
                request.header("If-None-Exist", random.nextBoolean() ? "identifier=urn:x|1" : "%%%");
            }
            return request;
        });
    }

    @Provide
    Arbitrary<HttpRequest.Builder> searches() {
        return Arbitraries.randoms().map(random -> {
            StringBuilder query = new StringBuilder();
            int params = 1 + random.nextInt(4);
            for (int i = 0; i < params; i++) {
                query.append(i == 0 ? "?" : "&")
                        .append(encode(SEARCH_PARAMS.get(random.nextInt(SEARCH_PARAMS.size()))))
                        .append('=')
                        .append(encode(SEARCH_VALUES.get(random.nextInt(SEARCH_VALUES.size()))));
            }
            String type = TYPES.get(random.nextInt(TYPES.size()));
            return HttpRequest.newBuilder(uri("/fhir/" + type + query)).GET();
        });
    }

    @Provide
    Arbitrary<HttpRequest.Builder> hookCalls() {
        return Arbitraries.randoms().map(random -> {
            String service = random.nextInt(10) == 0 ? "no-such-service"
                    : cdsServices.get(random.nextInt(cdsServices.size()));
            String path = "/cds-services/" + service + (random.nextInt(8) == 0 ? "/feedback" : "");
            String body = random.nextInt(10) == 0 ? HOOK : Mutations.mutate(HOOK, random);
            return HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", random.nextInt(8) == 0 ? "text/plain" : "application/json");
        });
    }

    private static void assertNoServerError(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.timeout(NO_HANG).build();
        HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() < 500, () -> built.method() + " " + built.uri() + " "
                + built.headers().map() + " -> " + response.statusCode() + " " + abbreviate(response.body()));
        HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/health")).GET());
        assertEquals(200, health.statusCode(), "server unhealthy after " + built.method() + " " + built.uri());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(NO_HANG).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "..." : text;
    }

}
