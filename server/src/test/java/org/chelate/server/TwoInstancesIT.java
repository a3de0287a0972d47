package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chelate.server.security.testing.TestKeys;
import org.chelate.server.store.DatabaseConfig;
import org.chelate.server.testing.Backend;
import org.chelate.server.testing.ServerProcess;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's scale-out proof: two real jars on one PostgreSQL database (a fresh schema), as behind a load balancer,
 * checked through HTTP only. Skipped with the reason when CHELATE_TEST_PG_URL is not set (CI sets it).
 */
class TwoInstancesIT {

    private static final String PUBLIC_URL = "http://chelate.example";
    private static final String ISSUER = "https://ehr.example";
    private static final String SERVICE = "/cds-services/chelate-patient-view";
    private static final int RETENTION_MAX = 20;
    private static final IParser PARSER = FhirContext.forR4Cached().newJsonParser();
    private static final Pattern CARD_UUID = Pattern.compile("\"uuid\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TempDir
    static Path dir;

    private static ECKey ehrKey;
    private static DatabaseConfig database;
    private static ServerProcess a;
    private static ServerProcess b;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTwoInstancesAtOnce() throws Exception {
        database = Backend.POSTGRES.freshConfig(dir).database();
        ehrKey = TestKeys.ec(Curve.P_384, "ehr-1");
        Path jwks = TestKeys.writePublicJwks(dir.resolve("ehr.jwks.json"), ehrKey);
        Path trust = Files.writeString(dir.resolve("trust.json"),
                "{\"issuers\":[{\"iss\":\"" + ISSUER + "\",\"jwks\":\"" + jwks.toString().replace("\\", "\\\\") + "\"}]}");
        Map<String, String> environment = Map.of("CHELATE_DB_URL", database.jdbcUrl(),
                "CHELATE_DB_USER", database.user(), "CHELATE_DB_PASSWORD", database.password());
        // both start on the empty schema at the same moment: Flyway must migrate it once (it takes a database lock)
        ExecutorService starting = Executors.newFixedThreadPool(2);
        try {
            List<Future<ServerProcess>> started = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                started.add(starting.submit(() -> ServerProcess.startWithEnvironment(environment,
                        "--port", "0", "--data-dir", dir.resolve(name).toString(), "--public-url", PUBLIC_URL,
                        "--cds-trust", trust.toString(),
                        "--cds-card-retention-max", String.valueOf(RETENTION_MAX))));
            }
            a = started.get(0).get(3, TimeUnit.MINUTES);
            b = started.get(1).get(3, TimeUnit.MINUTES);
        } finally {
            starting.shutdownNow();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServerProcess server : new ServerProcess[] {a, b}) {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void theSchemaWasMigratedOnceThoughBothStartedTogether() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*), COUNT(DISTINCT version), "
                        + "SUM(CASE WHEN success THEN 0 ELSE 1 END), SUM(CASE WHEN version = '14' THEN 1 ELSE 0 END) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL")) {
            rs.next();
            assertEquals(rs.getInt(2), rs.getInt(1), "each migration applied once");
            assertEquals(0, rs.getInt(3), "no failed migration");
            assertEquals(1, rs.getInt(4), "V14 (CDS token ids) applied");
        }
    }

    @Test
    void ofTwoUpdatesOfOneVersionOnTwoInstancesOneWinsAndTheOther412s() throws Exception {
        for (int round = 0; round < 10; round++) {
            String id = "race-" + UUID.randomUUID().toString().substring(0, 8);
            assertEquals(201, fhir(a, "PUT", "Patient/" + id, patient(id, "first"), Map.of()).statusCode());
            List<Integer> statuses = atOnce(
                    () -> fhir(a, "PUT", "Patient/" + id, patient(id, "from-a"), Map.of("If-Match", "W/\"1\"")).statusCode(),
                    () -> fhir(b, "PUT", "Patient/" + id, patient(id, "from-b"), Map.of("If-Match", "W/\"1\"")).statusCode());
            assertEquals(List.of(200, 412), statuses.stream().sorted().toList(), "round " + round);
            HttpResponse<String> read = fhir(b, "GET", "Patient/" + id, null, Map.of());
            assertTrue(read.body().contains("\"versionId\":\"2\""), read.body());
        }
    }

    @Test
    void conditionalCreatesRacingOnTwoInstancesMakeOneResource() throws Exception {
        for (int round = 0; round < 5; round++) {
            String mrn = "mrn-" + UUID.randomUUID();
            String condition = "identifier=urn:chelate:test%7C" + mrn;
            String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:chelate:test\",\"value\":\""
                    + mrn + "\"}]}";
            List<Integer> statuses = atOnce(
                    () -> fhir(a, "POST", "Patient", body, Map.of("If-None-Exist", condition)).statusCode(),
                    () -> fhir(b, "POST", "Patient", body, Map.of("If-None-Exist", condition)).statusCode(),
                    () -> fhir(a, "POST", "Patient", body, Map.of("If-None-Exist", condition)).statusCode(),
                    () -> fhir(b, "POST", "Patient", body, Map.of("If-None-Exist", condition)).statusCode());
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), "one created in round " + round
                    + ": " + statuses);
            assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 200), statuses.toString());
            HttpResponse<String> search = fhir(b, "GET", "Patient?" + condition + "&_summary=count", null, Map.of());
            assertTrue(search.body().contains("\"total\":1"), "round " + round + ": " + search.body());
        }
    }

    @Test
    void aCdsTokenUsedOnOneInstanceIsRefusedByTheOther() throws Exception {
        String token = token();
        assertEquals(200, patientView(a, token).statusCode());
        HttpResponse<String> replay = patientView(b, token);
        assertEquals(401, replay.statusCode(), replay.body());
        assertTrue(replay.body().contains("already used"), replay.body());

        for (int round = 0; round < 5; round++) {
            String raced = token();
            List<Integer> statuses = atOnce(() -> patientView(a, raced).statusCode(),
                    () -> patientView(b, raced).statusCode());
            assertEquals(List.of(200, 401), statuses.stream().sorted().toList(), "round " + round);
        }
    }

    @Test
    void feedbackOnACardIssuedByTheOtherInstanceIsAccepted() throws Exception {
        HttpResponse<String> cards = patientView(a, token());
        assertEquals(200, cards.statusCode(), cards.body());
        String card = firstCardUuid(cards.body());
        HttpResponse<String> feedback = feedback(b, card);
        assertEquals(200, feedback.statusCode(), feedback.body());
        HttpResponse<String> unknown = feedback(b, UUID.randomUUID().toString());
        assertEquals(404, unknown.statusCode(), "a card no instance issued: " + unknown.body());
    }

    @Test
    void bothInstancesPruningIssuedCardsAtOnceKeepTheBoundAndServeOn() throws Exception {
        int callsEach = 15;
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < callsEach; i++) {
            calls.add(() -> patientView(a, token()).statusCode());
            calls.add(() -> patientView(b, token()).statusCode());
        }
        List<Integer> statuses = atOnce(calls.toArray(Callable[]::new));
        assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
        // each instance prunes on its own thread once a tenth of the bound is newly issued; both run at once here
        HttpResponse<String> latest = patientView(b, token());
        String card = firstCardUuid(latest.body());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int rows = issuedCards();
        while (rows > RETENTION_MAX * 11 / 10 + cardsPerCall(latest.body()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            rows = issuedCards();
        }
        assertTrue(rows <= RETENTION_MAX * 11 / 10 + cardsPerCall(latest.body()),
                "issued cards bounded near " + RETENTION_MAX + ": " + rows);
        assertEquals(200, feedback(a, card).statusCode(), "the newest card is kept, on either instance");
    }

    @Test
    void aSearchNextLinkMadeOnOneInstanceIsFollowedOnTheOther() throws Exception {
        String patient = "pages-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, fhir(a, "PUT", "Patient/" + patient, patient(patient, "Pages"), Map.of()).statusCode());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            HttpResponse<String> made = fhir(i % 2 == 0 ? a : b, "POST", "Observation", """
                    {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org",
                     "code":"19123-9"}]},"subject":{"reference":"Patient/%s"},"effectiveDateTime":"2024-03-01T10:00:00Z"}
                    """.formatted(patient), Map.of());
            assertEquals(201, made.statusCode(), made.body());
            created.add(PARSER.parseResource(Observation.class, made.body()).getIdElement().getIdPart());
        }
        Bundle page = bundle(fhir(a, "GET", "Observation?patient=" + patient + "&_sort=date&_count=5", null, Map.of()));
        List<String> walked = new ArrayList<>();
        ServerProcess[] instances = {b, a};
        for (int followed = 0; ; followed++) {
            assertEquals(13, page.getTotal());
            page.getEntry().forEach(e -> walked.add(e.getResource().getIdElement().getIdPart()));
            if (page.getLink("next") == null) {
                break;
            }
            String next = page.getLink("next").getUrl();
            String path = next.substring(next.indexOf("/fhir/") + "/fhir/".length());
            // made by one instance, followed on the other: A's first page, then B, A, B...
            page = bundle(fhir(instances[followed % 2], "GET", path, null, Map.of()));
        }
        assertEquals(created, walked, "the whole set across instances, no duplicate or gap, in insertion order");

        HttpResponse<String> oldLink = fhir(b, "GET", "?_getpages=" + UUID.randomUUID() + "&_getpagesoffset=5&_count=5",
                null, Map.of());
        assertEquals(410, oldLink.statusCode(), oldLink.body());
        assertTrue(oldLink.body().contains("\"OperationOutcome\""), oldLink.body());
    }

    // ---- HTTP

    private static HttpResponse<String> fhir(ServerProcess server, String method, String path, String body,
            Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.fhirBase() + "/" + path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/fhir+json");
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/fhir+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> patientView(ServerProcess server, String token) throws Exception {
        return cds(server, SERVICE, token, """
                {"hookInstance":"%s","hook":"patient-view","context":{"patientId":"p1"},
                 "prefetch":{
                  "patient":{"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-01-01"},
                  "medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[
                   {"resource":{"resourceType":"MedicationStatement","id":"m1","status":"active",
                     "medicationCodeableConcept":{"text":"magnesium bisglycinate"},"subject":{"reference":"Patient/p1"},
                     "dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}},
                       "doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg"}}]}]}},
                   {"resource":{"resourceType":"MedicationStatement","id":"m2","status":"active",
                     "medicationCodeableConcept":{"text":"doxycycline 100 mg"},"subject":{"reference":"Patient/p1"},
                     "dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}}}]}}]},
                  "medicationRequests":{"resourceType":"Bundle","type":"searchset"},
                  "observations":{"resourceType":"Bundle","type":"searchset"},
                  "conditions":{"resourceType":"Bundle","type":"searchset"}}}
                """.formatted(UUID.randomUUID()));
    }

    private static HttpResponse<String> feedback(ServerProcess server, String cardUuid) throws Exception {
        return cds(server, SERVICE + "/feedback", token(SERVICE + "/feedback"), """
                {"feedback":[{"card":"%s","outcome":"overridden","outcomeTimestamp":"%s"}]}
                """.formatted(cardUuid, Instant.now()));
    }

    private static HttpResponse<String> cds(ServerProcess server, String path, String token, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token() {
        return token(SERVICE);
    }

    /** A fresh EHR token (new jti) for the service path, with the audience both instances share (--public-url). */
    private static String token(String path) {
        Instant now = Instant.now();
        return TestKeys.sign(ehrKey, JWSAlgorithm.ES384, new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject("ehr-client").audience(PUBLIC_URL + path)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(240)))
                .jwtID(UUID.randomUUID().toString()).build(), null);
    }

    private static String firstCardUuid(String body) {
        Matcher matcher = CARD_UUID.matcher(body);
        assertTrue(matcher.find(), "a card with a uuid: " + body);
        return matcher.group(1);
    }

    private static int cardsPerCall(String body) {
        return (int) CARD_UUID.matcher(body).results().count();
    }

    private static Bundle bundle(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return PARSER.parseResource(Bundle.class, response.body());
    }

    private static String patient(String id, String family) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    /** Runs the calls at the same moment (as far as threads allow) and returns their results in order. */
    @SafeVarargs
    private static <T> List<T> atOnce(Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- the shared database, read directly only to count

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }

    private static int issuedCards() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM cds_card_issued")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
