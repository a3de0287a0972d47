package org.chelate.server.security.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Observed: an Observation valued {@code 1e999999} took 35-42 s and answered with a 1 MB body (HAPI expands the number
 * while parsing); {@code 1e2000} was stored (201) and afterwards every search including it answered 400. Now every
 * number of a FHIR write is bounded before anything parses it: 422 with an OperationOutcome naming the element, at
 * once, with no CPU left burning after the answer.
 */
class HostileNumbersTest extends HostileServer {

    private static final String OBSERVATION = "{\"resourceType\":\"Observation\",\"status\":\"final\","
            + "\"code\":{\"text\":\"%s\"},%s}";

    /** Each numeric position a hostile client may use, with the element a refusal must name. */
    private static final List<String[]> POSITIONS = List.of(
            new String[] {"\"valueQuantity\":{\"value\":N,\"unit\":\"mg\"}", "Observation.valueQuantity.value"},
            new String[] {"\"valueInteger\":N", "Observation.valueInteger"},
            new String[] {"\"referenceRange\":[{\"low\":{\"value\":1},\"high\":{\"value\":N}}]",
                    "Observation.referenceRange[0].high.value"},
            new String[] {"\"component\":[{\"code\":{\"text\":\"c\"},\"valueQuantity\":{\"value\":2}},"
                    + "{\"code\":{\"text\":\"d\"},\"valueQuantity\":{\"value\":N}}]",
                    "Observation.component[1].valueQuantity.value"},
            new String[] {"\"extension\":[{\"url\":\"urn:x\",\"valueDecimal\":N}]", "Observation.extension[0].valueDecimal"},
            new String[] {"\"valueSampledData\":{\"origin\":{\"value\":0},\"period\":N,\"dimensions\":1,\"data\":\"1\"}",
                    "Observation.valueSampledData.period"});

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e999999", "1e2000", "1E+400", "1e-999999", "0e999999",
            "1E+301", "1e-301", "1.00000000000000000000000000000000001"})
    void outOfBoundsNumbersInEveryPositionAre422NamingTheElement(String number) throws Exception {
        for (String[] position : POSITIONS) {
            String code = "num-" + Integer.toHexString(number.hashCode());
            String body = OBSERVATION.formatted(code, position[0].replace("N", number));
            HttpResponse<String> response = timed("POST", "/fhir/Observation", body);
            assertEquals(422, response.statusCode(), position[1] + ": " + response.body());
            assertTrue(response.body().contains("\"resourceType\":\"OperationOutcome\""), response.body());
            assertTrue(response.body().contains("\"code\":\"value\""), response.body());
            assertTrue(response.body().contains("\"expression\":[\"" + position[1] + "\"]"),
                    position[1] + " not named in " + response.body());
            assertTrue(response.body().length() < 2_000, "answer of " + response.body().length() + " characters");
        }
    }

    @Test
    void hugeNumberIsAnsweredAtOnceAndLeavesNoCpuBurning() throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String body = OBSERVATION.formatted("cpu", "\"valueQuantity\":{\"value\":1e999999}");
        timed("POST", "/fhir/Observation", body); // warm the path once
        long started = System.nanoTime();
        HttpResponse<String> response = timed("POST", "/fhir/Observation", body);
        long answeredNanos = System.nanoTime() - started;
        assertEquals(422, response.statusCode(), response.body());
        long cpuAtAnswer = os.getProcessCpuTime();
        Thread.sleep(2_000);
        long cpuAfter = os.getProcessCpuTime() - cpuAtAnswer;
        // the observed failure burned a core for 35 s or more: a whole second of CPU in two idle seconds would be it
        assertTrue(cpuAfter < 1_000_000_000L, "process CPU in the 2 s after the answer: " + cpuAfter / 1_000_000
                + " ms (answer took " + answeredNanos / 1_000_000 + " ms)");
    }

    @Test
    void hugeNumbersAreRefusedInPutTransactionAndXmlToo() throws Exception {
        String observation = OBSERVATION.formatted("put", "\"id\":\"huge-put\",\"valueQuantity\":{\"value\":1e999999}");
        HttpResponse<String> put = send("PUT", "/fhir/Observation/huge-put", observation);
        assertEquals(422, put.statusCode(), put.body());

        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                + OBSERVATION.formatted("tx", "\"valueQuantity\":{\"value\":1e999999}")
                + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}";
        HttpResponse<String> transaction = timed("POST", "/fhir", bundle);
        assertEquals(422, transaction.statusCode(), transaction.body());
        assertTrue(transaction.body().contains("Bundle.entry[0].resource.valueQuantity.value"), transaction.body());

        String asString = OBSERVATION.formatted("string", "\"valueQuantity\":{\"value\":\"1e999999\"}");
        HttpResponse<String> fromString = timed("POST", "/fhir/Observation", asString);
        assertEquals(422, fromString.statusCode(), fromString.body()); // HAPI reads a string into a decimal
        assertTrue(fromString.body().contains("\"expression\":[\"Observation.value.value\"]"), fromString.body());
        String identifier = "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"" + "9".repeat(40) + "\"}]}";
        assertEquals(201, timed("POST", "/fhir/Patient", identifier).statusCode(), "a long numeric identifier is text");

        HttpResponse<String> latin1 = send("POST", "/fhir/Observation", "application/fhir+json; charset=ISO-8859-1",
                OBSERVATION.formatted("latin1", "\"valueQuantity\":{\"value\":1e999999}"));
        assertEquals(422, latin1.statusCode(), latin1.body());

        String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"xml\"/>"
                + "</code><valueQuantity><value value=\"1e999999\"/></valueQuantity></Observation>";
        HttpResponse<String> fromXml = send("POST", "/fhir/Observation", "application/fhir+xml", xml);
        assertEquals(422, fromXml.statusCode(), fromXml.body());
        assertTrue(fromXml.body().contains("\"expression\":[\"Observation.value.value\"]"), fromXml.body());
    }

    @Test
    void refusedWritesLeaveSearchesWorkingAndOrdinaryNumbersAreStored() throws Exception {
        for (String number : List.of("1e2000", "1e999999")) {
            post("/fhir/Observation", "application/fhir+json",
                    OBSERVATION.formatted("poison", "\"valueQuantity\":{\"value\":" + number + "}"));
        }
        for (String number : List.of("0", "12.5", "0.0001", "-3.25", "1e3", "9999999999999999999999999999")) {
            HttpResponse<String> created = post("/fhir/Observation", "application/fhir+json",
                    OBSERVATION.formatted("poison", "\"valueQuantity\":{\"value\":" + number + "}"));
            assertEquals(201, created.statusCode(), number + ": " + created.body());
        }
        HttpResponse<String> search = get("/fhir/Observation?status=final&_count=50");
        assertEquals(200, search.statusCode(), search.body());
        HttpResponse<String> all = get("/fhir/Observation?_count=200");
        assertEquals(200, all.statusCode(), all.body());
        assertTrue(!all.body().contains("1e999999") && all.body().length() < 500_000, "search output holds a poison");
    }

    private static HttpResponse<String> timed(String method, String path, String body) throws Exception {
        return send(method, path, "application/fhir+json", body);
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, "application/fhir+json", body);
    }

    private static HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        // bounded: the observed failure took 35 s and more per request
        return HostileServer.send(method, path, type, body.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
    }
}
