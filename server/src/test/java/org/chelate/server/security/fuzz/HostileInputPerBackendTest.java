package org.chelate.server.security.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.chelate.server.security.testing.Http;
import org.chelate.server.security.testing.SecuredServerPerBackend;
import org.chelate.server.testing.Backend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inputs that databases treat differently (PostgreSQL refuses a NUL character in text, H2 does not; extreme dates and
 * numbers; unpaired surrogates), written and searched through the real server with a valid token on H2 and on
 * PostgreSQL: never a 5xx, and the server stays healthy.
 */
class HostileInputPerBackendTest extends SecuredServerPerBackend {

    private static final List<String> STRINGS = List.of("nul\\u0000inside", "\\u0000", "tab\\tand\\nnewline",
            "unpaired \\ud800 surrogate", "x".repeat(70_000), "emoji \\ud83d\\ude00", "quote ' and \\\" and \\\\",
            "%00", "'; DROP TABLE resource; --");
    private static final List<String> DATES = List.of("0001-01-01", "9999-12-31", "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59.999999999+14:00", "1900", "2024-12");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hostileStringsAndDatesAreStoredOrRefusedNeverA5xx(Backend backend) throws Exception {
        String token = token("system/*.*", null);
        List<String> failures = new ArrayList<>();
        for (String text : STRINGS) {
            check(failures, "family " + text, post(backend, "/Patient", token, "{\"resourceType\":\"Patient\","
                    + "\"name\":[{\"family\":\"" + text + "\"}],\"identifier\":[{\"system\":\"urn:x\",\"value\":\""
                    + text + "\"}]}"));
            check(failures, "code " + text, post(backend, "/Observation", token, "{\"resourceType\":\"Observation\","
                    + "\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"urn:" + text.replace("\\", "") + "\","
                    + "\"code\":\"" + text + "\"}]},\"subject\":{\"reference\":\"Patient/p1\"}}"));
        }
        for (String date : DATES) {
            check(failures, "birthDate " + date, post(backend, "/Patient", token,
                    "{\"resourceType\":\"Patient\",\"birthDate\":\"" + date.substring(0, Math.min(10, date.length()))
                            + "\"}"));
            check(failures, "effective " + date, post(backend, "/Observation", token, "{\"resourceType\":"
                    + "\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},\"effectiveDateTime\":\"" + date
                    + "\",\"valueQuantity\":{\"value\":1e300}}"));
        }
        for (String value : List.of("nul\u0000inside", "\u0000", "\ud800", "x".repeat(5_000), "ge0001-01-01",
                "le9999-12-31T23:59:59Z", "urn:x|nul\u0000")) {
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
            for (String search : List.of("/Patient?name=", "/Patient?identifier=", "/Observation?code=",
                    "/Observation?date=", "/Patient?birthdate=", "/Patient?_id=")) {
                check(failures, search + value.replace("\u0000", "\\0"), get(backend, search + encoded, token));
            }
        }
        for (String path : List.of("/Patient?_id=urn:x", "/Patient?_id=urn:uuid:1,p1", "/Patient?_id=a%2Fb%2Fc",
                "/Observation?_id=", "/Patient/%00", "/Patient/a%01b", "/Patient?name%00=x")) {
            check(failures, path, get(backend, path, token));
        }
        check(failures, "control character \\u0001", post(backend, "/Patient", token,
                "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0001b\"}]}"));
        assertEquals(List.of(), failures);
        HttpResponse<String> health = Http.send(HttpRequest.newBuilder(
                java.net.URI.create(server(backend).baseUri() + "/health")).GET());
        assertEquals(200, health.statusCode(), health.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void controlCharactersAndNonIdsAre400WithAnOperationOutcome(Backend backend) throws Exception {
        String token = token("system/*.*", null);
        List<HttpResponse<String>> responses = List.of(
                post(backend, "/Patient", token, "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"a\\u0000b\"}]}"),
                get(backend, "/Patient?name=" + URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8), token),
                get(backend, "/Patient?_id=urn:x", token));
        for (HttpResponse<String> response : responses) {
            assertEquals(400, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"resourceType\":\"OperationOutcome\""), response.body());
        }
        assertEquals(200, get(backend, "/Patient?_id=x,y", token).statusCode());
    }

    private static void check(List<String> failures, String what, HttpResponse<String> response) {
        if (response.statusCode() >= 500) {
            failures.add(what.substring(0, Math.min(60, what.length())) + " -> " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(300, response.body().length())));
        }
        assertTrue(response.statusCode() < 600);
    }

    private static HttpResponse<String> post(Backend backend, String path, String token, String body) throws Exception {
        return Http.postJson(fhir(backend, path), token, "application/fhir+json", body);
    }

    private static HttpResponse<String> get(Backend backend, String path, String token) throws Exception {
        return Http.get(fhir(backend, path), token);
    }
}
