package org.chelate.server.security.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Observed: invalid UTF-8 sent to /fhir was stored with U+FFFD in its place, and a lone escaped surrogate in a name
 * made every search that found it answer with invalid UTF-8. Now both are refused at write (400, OperationOutcome with
 * code {@code invalid}), and what the server sends is valid UTF-8.
 */
class HostileTextTest extends HostileServer {

    @Test
    void invalidUtf8BodiesAreRefusedNotReplaced() throws Exception {
        byte[][] bodies = {
            patient("Yq\u00ff\u00fex").getBytes(StandardCharsets.ISO_8859_1), // Latin-1 bytes sent as UTF-8
            withBytes("Yq", new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}), // an encoded surrogate (CESU-8)
            withBytes("Yq", new byte[] {(byte) 0xc0, (byte) 0xaf}), // an overlong '/'
            withBytes("Yq", new byte[] {(byte) 0xe2, (byte) 0x82}), // a truncated sequence
        };
        for (byte[] body : bodies) {
            for (String type : new String[] {"application/fhir+json", "application/fhir+json; charset=utf-8"}) {
                HttpResponse<String> response = send("POST", "/fhir/Patient", type, body, Duration.ofSeconds(20));
                assertInvalid(response);
                assertTrue(response.body().contains("UTF-8"), response.body());
            }
        }
        String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Yq\u00ffx\"/></name></Patient>";
        assertInvalid(send("POST", "/fhir/Patient", "application/fhir+xml", xml.getBytes(StandardCharsets.ISO_8859_1),
                Duration.ofSeconds(20)));
    }

    @Test
    void escapedLoneSurrogatesAreRefusedNamingTheElement() throws Exception {
        for (String family : new String[] {"Zq\\ud800x", "Zq\\udc00", "\\ude00\\ud83d", "end\\ud83d"}) {
            HttpResponse<String> response = post("/fhir/Patient", "application/fhir+json", patient(family));
            assertInvalid(response);
            assertTrue(response.body().contains("Patient.name[0].family"), response.body());
        }
        HttpResponse<String> inKey = post("/fhir/Patient", "application/fhir+json",
                "{\"resourceType\":\"Patient\",\"x\\ud800\":1}");
        assertInvalid(inKey);
    }

    @Test
    void pairedSurrogatesAndOtherUnicodeAreStoredAndSearchOutputIsUtf8() throws Exception {
        HttpResponse<String> created = post("/fhir/Patient", "application/fhir+json",
                patient("Zq\\ud83d\\ude00 Åsa 李"));
        assertEquals(201, created.statusCode(), created.body());
        post("/fhir/Patient", "application/fhir+json", patient("Zq\\ud800x"));
        HttpResponse<byte[]> search = bytes("/fhir/Patient?name=Zq");
        assertEquals(200, search.statusCode());
        assertUtf8(search.body());
        assertTrue(new String(search.body(), StandardCharsets.UTF_8).contains("Zq\ud83d\ude00 Åsa 李"));
    }

    @Test
    void queryStringsThatAreNotUtf8AreA400NotA500() throws Exception {
        for (String query : new String[] {"name=%ED%A0%80", "name=%ff", "x=%E2%82"}) {
            assertInvalid(get("/fhir/Patient?" + query));
        }
        for (String query : new String[] {"name=%zz", "name=abc%", "name=%4"}) { // no URI class sends these
            String response = raw("GET /fhir/Patient?" + query + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(response.startsWith("HTTP/1.1 400"), query + ": " + response);
            assertTrue(response.contains("\"resourceType\":\"OperationOutcome\"") && response.contains("\"invalid\""),
                    query + ": " + response);
        }
        assertEquals(200, get("/fhir/Patient?name=%C3%85sa").statusCode());
    }

    private static void assertInvalid(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"resourceType\":\"OperationOutcome\""), response.body());
        assertTrue(response.body().contains("\"code\":\"invalid\""), response.body());
    }

    private static void assertUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new AssertionError("output is not UTF-8: " + e);
        }
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String patient(String family) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private static byte[] withBytes(String prefix, byte[] bad) {
        byte[] head = ("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + prefix).getBytes(StandardCharsets.UTF_8);
        byte[] tail = "x\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
        return body;
    }
}
