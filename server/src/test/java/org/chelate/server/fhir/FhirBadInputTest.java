package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each kind of bad input gets an OperationOutcome with the right status and a message naming the problem. */
class FhirBadInputTest extends ServerPerBackend {

    private static void assertOutcome(FhirHttp.Reply reply, int status, String messagePart) {
        assertEquals(status, reply.status(), reply.body());
        OperationOutcome outcome = reply.outcome();
        assertEquals(OperationOutcome.IssueSeverity.ERROR, outcome.getIssueFirstRep().getSeverity(), reply.body());
        assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains(messagePart),
                "expected '" + messagePart + "' in: " + reply.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void malformedJsonAndXmlAre400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",", FhirHttp.JSON), 400, "Failed to parse");
        assertOutcome(http.post("Patient", "<Patient xmlns=\"http://hl7.org/fhir\"><name>", "application/fhir+xml"),
                400, "Failed to parse");
        assertOutcome(http.post("Patient", "", FhirHttp.JSON), 400, "Did not find any content");
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",\"birthDate\":\"not-a-date\"}", FhirHttp.JSON),
                400, "not-a-date");
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",\"shoeSize\":42}", FhirHttp.JSON),
                400, "Unknown element 'shoeSize'");
        assertOutcome(http.post("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":[\"a\",\"b\"]}]}",
                FhirHttp.JSON), 400, "family");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBodyOfAnotherTypeThanTheUrlIs400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}";
        assertOutcome(http.post("Patient", observation, FhirHttp.JSON), 400, "expected \"Patient\" but found \"Observation\"");
        assertOutcome(http.put("Patient/abc", "{\"resourceType\":\"Observation\",\"id\":\"abc\",\"status\":\"final\","
                + "\"code\":{\"text\":\"x\"}}", FhirHttp.JSON), 400, "Observation");
        assertOutcome(http.put("Patient/abc", "{\"resourceType\":\"Patient\",\"id\":\"xyz\"}", FhirHttp.JSON), 400,
                "does not match URL ID");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBodyOverTheLimitIs413WithOrWithoutContentLength(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String big = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}]}";
        assertOutcome(http.post("Patient", big, FhirHttp.JSON), 413, "larger than the limit of 2097152 bytes");

        String chunkedReply = sendChunked(server(backend).fhirBase(), big.getBytes(StandardCharsets.UTF_8));
        assertTrue(chunkedReply.startsWith("HTTP/1.1 413"), chunkedReply);
        assertTrue(chunkedReply.contains("larger than the limit"), chunkedReply);

        assertEquals(200, http.get("Patient?_count=1").status(), "the server is still serving");
    }

    /**
     * POSTs a body in chunks (no Content-Length) over a raw socket and returns what the server answered. The server
     * answers 413 before the whole body is sent, so a write may fail; the answer is read anyway.
     */
    private static String sendChunked(java.net.URI fhirBase, byte[] body) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(fhirBase.getHost(), fhirBase.getPort())) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            String head = "POST " + fhirBase.getPath() + "/Patient HTTP/1.1\r\nHost: " + fhirBase.getHost()
                    + "\r\nContent-Type: application/fhir+json\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                for (int offset = 0; offset < body.length; offset += 65536) {
                    int length = Math.min(65536, body.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException serverStoppedReading) {
                // expected once the limit is passed: the answer is already on its way
            }
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aWrongOrMissingContentTypeIs415(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = FhirHttp.json(new Patient());
        assertOutcome(http.post("Patient", patient, "text/plain"), 415, "application/fhir+json");
        assertOutcome(http.post("Patient", patient, "application/x-www-form-urlencoded"), 415, "Unsupported Content-Type");
        assertOutcome(http.put("Patient/abc", patient, "application/pdf"), 415, "Unsupported Content-Type");
        assertOutcome(http.post("Patient", patient, null), 415, "Unsupported Content-Type");
        assertOutcome(http.post("Patient", patient, "application/fhir+json; charset=latin-9000"), 415, "charset");
        assertOutcome(http.post("Nope", patient, "application/fhir+json; charset=latin-9000"), 415, "charset");
        assertEquals(201, http.post("Patient", patient, "application/fhir+json; charset=UTF-8").status());
        assertEquals(201, http.post("Patient", patient, "application/json").status());
        assertEquals(200, http.post("Patient/_search", "family=nobody", "application/x-www-form-urlencoded").status(),
                "a form is fine for POST _search");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBadCountIs400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertOutcome(http.get("Patient?_count=abc"), 400, "_count");
        assertOutcome(http.get("Patient?_count=-5"), 400, "_count must be 0 or more");
        assertEquals(200, http.get("Patient?_count=100000").status(), "a large _count is capped, not refused");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void malformedSearchValuesAre400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertOutcome(http.get("Observation?category=%7C"), 400, "Invalid token");
        assertOutcome(http.get("Observation?date=ge"), 400, "Invalid date");
        assertOutcome(http.get("Observation?date=xx2024"), 400, "Invalid prefix");
        assertOutcome(http.get("Patient?name:sounds-like=x"), 400, "not supported");
        assertOutcome(http.get("Observation?patient:above=x"), 400, "not supported");
        assertOutcome(http.get("Observation?patient:missing=maybe"), 400, "takes true or false");
        assertEquals(200, http.get("Observation?category=&patient=").status(), "empty values are no criteria");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void idsThatAreNotFhirIdsAre400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertOutcome(http.get("Patient/a_b"), 400, "is not a valid FHIR id");
        assertOutcome(http.get("Patient/" + "a".repeat(65)), 400, "is not a valid FHIR id");
        assertOutcome(http.put("Patient/a_b", "{\"resourceType\":\"Patient\",\"id\":\"a_b\"}", FhirHttp.JSON), 400,
                "is not a valid FHIR id");
        assertOutcome(http.get("Patient?_id=a_b"), 400, "is not a valid FHIR id");
        assertOutcome(http.get("Observation?patient=Patient/a_b"), 400, "is not a valid FHIR id");
        assertOutcome(http.get("Patient/abc/_history/x"), 400, "is not a version");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownIdsAre404AndUnknownTypesToo(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertOutcome(http.get("Patient/" + unique("nobody")), 404, "is not known");
        assertOutcome(http.get("Patient/" + unique("nobody") + "/_history"), 404, "is not known");
        assertOutcome(http.get("Encounter/" + unique("nobody")), 404, "is not known");
        assertOutcome(http.get("Shoe/1"), 404, "Unknown resource type");
        assertOutcome(http.delete("Patient"), 400, "needs an id or a condition");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theServerStaysUpAfterBadInput(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        for (String body : new String[] {"null", "[]", "42", "{\"resourceType\":42}", "{\"resourceType\":\"Patient\","
                + "\"name\":{\"family\":[1,2]}}",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Patient "
                        + "xmlns=\"http://hl7.org/fhir\"><id value=\"&e;\"/></Patient>"}) {
            String type = body.startsWith("<") ? "application/fhir+xml" : FhirHttp.JSON;
            FhirHttp.Reply reply = http.post("Patient", body, type);
            assertTrue(reply.status() >= 400 && reply.status() < 500, reply.status() + " for " + body + ": " + reply.body());
        }
        assertEquals(200, http.get("metadata").status());
    }
}
