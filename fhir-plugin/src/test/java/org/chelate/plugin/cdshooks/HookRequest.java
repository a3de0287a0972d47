package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/** Builds CDS Hooks request bodies with real FHIR JSON. */
final class HookRequest {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private final ObjectNode body = JSON.createObjectNode();
    private final ObjectNode prefetch;

    private HookRequest(String hook, String patientId) {
        body.put("hookInstance", UUID.randomUUID().toString());
        body.put("hook", hook);
        body.putObject("context").put("userId", "Practitioner/dr-1").put("patientId", patientId);
        prefetch = body.putObject("prefetch");
    }

    static HookRequest of(String hook, String patientId) {
        return new HookRequest(hook, patientId);
    }

    static JsonNode json(Resource resource) {
        try {
            return JSON.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Bundle searchset(Resource... resources) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        b.setTotal(resources.length);
        for (Resource r : resources) {
            b.addEntry().setFullUrl("http://ehr.example.org/fhir/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
                    .setResource(r).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return b;
    }

    HookRequest prefetch(String key, Resource resource) {
        prefetch.set(key, json(resource));
        return this;
    }

    HookRequest prefetchRaw(String key, JsonNode node) {
        prefetch.set(key, node);
        return this;
    }

    HookRequest withoutPrefetch(String key) {
        prefetch.remove(key);
        return this;
    }

    HookRequest draftOrders(Bundle bundle) {
        ((ObjectNode) body.get("context")).set("draftOrders", json(bundle));
        return this;
    }

    HookRequest contextRaw(String field, JsonNode node) {
        ((ObjectNode) body.get("context")).set(field, node);
        return this;
    }

    HookRequest fhirServer(String url, String token) {
        body.put("fhirServer", url);
        if (token != null) {
            body.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "cds-service");
        }
        return this;
    }

    ObjectNode body() {
        return body;
    }

    String text() {
        return body.toString();
    }
}
