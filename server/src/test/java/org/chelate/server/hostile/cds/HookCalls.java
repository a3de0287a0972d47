package org.chelate.server.hostile.cds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.chelate.server.ChelateServer;
import org.chelate.server.ServerConfig;
import org.chelate.server.security.SecuritySettings;

/** Hook calls of the hostile-input suite: the records they carry, and how they are sent and read. */
final class HookCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HookCalls() {
    }

    /** The real server (H2 file) with {@code ehr}'s origin on the fhirServer allowlist. */
    static ChelateServer serverAllowing(Path dataDir, FakeEhr ehr) throws Exception {
        return ChelateServer.start(ServerConfig.builder().port(0).dataDir(dataDir)
                .security(SecuritySettings.none().withFhirServerAllowlist(Set.of(ehr.origin()))).build());
    }

    /**
     * One call that fetches from {@code ehr}, its answer ignored, then forgets what the EHR saw: the first outbound
     * call of a JVM loads the HTTP client's classes, which can take more than a call's fetch budget on a busy machine
     * (SlowFhirFallbackTest covers that call).
     */
    static void warmFallback(ChelateServer server, FakeEhr ehr) throws Exception {
        Map<String, String> prefetch = emptyPrefetch("warm");
        prefetch.remove("conditions");
        for (int i = 0; i < 3; i++) {
            post(service(server, "chelate-patient-view"), patientView("warm", prefetch, ehr.base(), null), null);
        }
        ehr.seen.clear();
    }

    static String patient(String id) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"gender\":\"female\",\"birthDate\":\"1980-01-01\","
                + "\"multipleBirthInteger\":1}";
    }

    /** Zinc 50 mg twice a day since 2026-01-01: 100 mg/day, over twice the adult UL of 40 mg (critical). */
    static String zinc(String id, String patientId) {
        return "{\"resourceType\":\"MedicationStatement\",\"id\":\"" + id + "\",\"status\":\"active\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://chelate.org/fhir/CodeSystem/"
                + "chelate-supplement\",\"code\":\"zinc\"}]},"
                + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"},"
                + "\"effectivePeriod\":{\"start\":\"2026-01-01\"},"
                + "\"dosage\":[{\"timing\":{\"repeat\":{\"frequency\":2,\"period\":1,\"periodUnit\":\"d\"}},"
                + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":50,\"unit\":\"mg\",\"system\":"
                + "\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]}]}";
    }

    /** An active order of magnesium 200 mg once a day, with a dispense quantity. */
    static String magnesiumOrder(String id, String patientId) {
        return "{\"resourceType\":\"MedicationRequest\",\"id\":\"" + id + "\",\"status\":\"active\",\"intent\":\"order\","
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://chelate.org/fhir/CodeSystem/"
                + "chelate-supplement\",\"code\":\"magnesium\"}]},"
                + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"},"
                + "\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,\"periodUnit\":\"d\"}},"
                + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":200,\"unit\":\"mg\",\"system\":"
                + "\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]}],"
                + "\"dispenseRequest\":{\"quantity\":{\"value\":30},\"numberOfRepeatsAllowed\":2}}";
    }

    /** Serum magnesium 0.62 mmol/L (low), with its reference range. */
    static String serumMagnesium(String id, String patientId) {
        return "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"status\":\"final\","
                + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"2601-3\"}]},"
                + "\"subject\":{\"reference\":\"Patient/" + patientId + "\"},\"effectiveDateTime\":\"2026-11-30\","
                + "\"valueQuantity\":{\"value\":0.62,\"unit\":\"mmol/L\",\"system\":\"http://unitsofmeasure.org\","
                + "\"code\":\"mmol/L\"},\"referenceRange\":[{\"low\":{\"value\":0.7,\"unit\":\"mmol/L\"},"
                + "\"high\":{\"value\":1.05,\"unit\":\"mmol/L\"}}]}";
    }

    static String bundle(String... resources) {
        return bundleWithNext(null, resources);
    }

    static String bundleWithNext(String next, String... resources) {
        StringBuilder b = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"");
        if (next != null) {
            b.append(",\"link\":[{\"relation\":\"next\",\"url\":\"").append(next).append("\"}]");
        }
        b.append(",\"entry\":[");
        for (int i = 0; i < resources.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"resource\":").append(resources[i]).append('}');
        }
        return b.append("]}").toString();
    }

    /** Every prefetch key, each an empty Bundle but the patient. */
    static Map<String, String> emptyPrefetch(String patientId) {
        Map<String, String> prefetch = new LinkedHashMap<>();
        prefetch.put("patient", patient(patientId));
        for (String key : List.of("medicationStatements", "medicationRequests", "observations", "conditions")) {
            prefetch.put(key, bundle());
        }
        return prefetch;
    }

    /** A patient-view call; keys absent from {@code prefetch} are not sent; {@code fhirServer} may be null. */
    static String patientView(String patientId, Map<String, String> prefetch, String fhirServer, String token) {
        StringBuilder b = new StringBuilder("{\"hookInstance\":\"" + UUID.randomUUID()
                + "\",\"hook\":\"patient-view\",\"context\":{\"userId\":\"Practitioner/1\",\"patientId\":\""
                + patientId + "\"}");
        if (fhirServer != null) {
            b.append(",\"fhirServer\":\"").append(fhirServer).append('"');
            if (token != null) {
                b.append(",\"fhirAuthorization\":{\"access_token\":\"").append(token).append("\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":300,\"scope\":\"patient/*.read\",\"subject\":\"cds\"}");
            }
        }
        b.append(",\"prefetch\":{");
        int i = 0;
        for (Map.Entry<String, String> e : prefetch.entrySet()) {
            b.append(i++ == 0 ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
        }
        return b.append("}}").toString();
    }

    static HttpResponse<String> post(URI uri, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI service(ChelateServer server, String id) {
        return server.baseUri().resolve("/cds-services/" + id);
    }

    /** The cards of a 200 answer. */
    static JsonNode cards(HttpResponse<String> response) throws Exception {
        if (response.statusCode() != 200) {
            throw new AssertionError("expected 200, got " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body()).get("cards");
    }

    static List<String> types(JsonNode cards) {
        List<String> types = new ArrayList<>();
        cards.forEach(c -> types.add(c.path("source").path("topic").path("code").asText()));
        return types;
    }

    /** The card of this type, or null. */
    static JsonNode card(JsonNode cards, String type) {
        for (JsonNode c : cards) {
            if (type.equals(c.path("source").path("topic").path("code").asText())) {
                return c;
            }
        }
        return null;
    }
}
