package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.fge.jsonpatch.JsonPatch;
import com.github.fge.jsonpatch.JsonPatchException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.chelate.server.security.limits.JsonValueScan;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;

/**
 * A PATCH body, parsed before anything is read or written: an RFC 6902 JSON Patch or a FHIRPath Patch
 * ({@link FhirPathPatch}). Exactly one of the two is set.
 */
record PatchDocument(JsonNode jsonPatch, Parameters fhirPathPatch) {

    static final String JSON_PATCH = "application/json-patch+json";
    /** Decimals read exactly as written (1.10 stays 1.10): a patch must not change values it does not touch. */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** The body of a PATCH request, by its Content-Type as HAPI classified it. */
    static PatchDocument of(FhirContext context, PatchTypeEnum type, String body) {
        if (body == null || body.isBlank()) {
            throw PatchProblem.malformed("The PATCH request has no body");
        }
        return switch (type) {
            case JSON_PATCH -> json(body);
            case FHIR_PATCH_JSON -> fhirPath(context, body, true);
            case FHIR_PATCH_XML -> fhirPath(context, body, false);
            default -> throw OutcomeCodes.notSupported("PATCH with " + type.getContentType() + " is not supported: "
                    + "send a JSON Patch (" + JSON_PATCH + ") or a FHIRPath Patch (application/fhir+json or +xml)");
        };
    }

    /** The resource of a PATCH entry in a Bundle: a Binary holding a JSON Patch, or a FHIRPath Patch Parameters. */
    static PatchDocument of(Resource resource, String where) {
        if (resource instanceof Parameters parameters) {
            return new PatchDocument(null, parameters);
        }
        if (resource instanceof Binary binary && binary.hasData()
                && JSON_PATCH.equals(String.valueOf(binary.getContentType()).split(";", 2)[0].trim())) {
            return json(new String(binary.getData(), StandardCharsets.UTF_8));
        }
        throw PatchProblem.malformed(where + ": a PATCH entry's resource must be a Binary with contentType "
                + JSON_PATCH + " (JSON Patch) or a Parameters (FHIRPath Patch)");
    }

    private static PatchDocument json(String body) {
        try {
            JsonNode tree = MAPPER.readTree(body);
            if (tree == null || !tree.isArray()) {
                throw PatchProblem.malformed("A JSON Patch is a JSON array of operations");
            }
            JsonPatch.fromJson(tree); // refuses an unknown op or a missing member now, before the store is touched
            return new PatchDocument(tree, null);
        } catch (IOException e) {
            throw PatchProblem.malformed("The body is not a valid JSON Patch (RFC 6902): " + e.getMessage());
        }
    }

    private static PatchDocument fhirPath(FhirContext context, String body, boolean json) {
        try {
            IBaseResource parsed = (json ? context.newJsonParser() : context.newXmlParser()).parseResource(body);
            if (parsed instanceof Parameters parameters) {
                return new PatchDocument(null, parameters);
            }
            throw PatchProblem.malformed("A FHIRPath Patch is a Parameters resource, not a " + parsed.fhirType());
        } catch (DataFormatException e) {
            throw PatchProblem.malformed("The body is not a valid Parameters resource: " + e.getMessage());
        }
    }

    /**
     * This patch with the transaction's new ids in place of the fullUrls (urn:uuid) it names: for a JSON Patch, every
     * string value equal to one; a FHIRPath Patch's references were rewritten with the other entries' resources.
     */
    PatchDocument withReferences(Map<String, String> newIds) {
        if (jsonPatch == null || newIds.isEmpty()) {
            return this;
        }
        return new PatchDocument(replaced(jsonPatch.deepCopy(), newIds), null);
    }

    private static JsonNode replaced(JsonNode node, Map<String, String> newIds) {
        if (node.isTextual()) {
            String replacement = newIds.get(node.textValue());
            return replacement == null ? node : TextNode.valueOf(replacement);
        }
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                object.set(name, replaced(object.get(name), newIds));
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replaced(array.get(i), newIds));
            }
        }
        return node;
    }

    /** This patch applied to a copy of {@code current}, whose stored JSON is {@code currentJson}. */
    IBaseResource applyTo(FhirContext context, IBaseResource current, String currentJson) {
        if (fhirPathPatch != null) {
            new FhirPathPatch(context).apply(current, fhirPathPatch);
            return current;
        }
        String patched;
        try {
            JsonNode before = MAPPER.readTree(currentJson);
            JsonNode after = JsonPatch.fromJson(jsonPatch).apply(before);
            if (!after.isObject()) {
                throw PatchProblem.invalidResult("the JSON Patch replaced the resource with a JSON "
                        + after.getNodeType());
            }
            if (!before.path("resourceType").equals(after.path("resourceType"))) {
                throw PatchProblem.forbiddenChange("The patch changes resourceType from " + before.path("resourceType")
                        + " to " + after.path("resourceType") + "; a patch may not change the resource type");
            }
            patched = MAPPER.writeValueAsString(after);
        } catch (JsonPatchException e) {
            throw PatchProblem.notApplicable(e.getMessage());
        } catch (IOException e) { // the patch was read once already; the stored JSON is the store's own
            throw new IllegalStateException("stored JSON could not be read", e);
        }
        // a JSON Patch inside a Bundle's Binary was not scanned as text: scan before HAPI expands a huge exponent
        JsonValueScan.Finding finding = JsonValueScan.scan(patched).finding();
        if (finding != null) {
            throw PatchProblem.invalidResult(finding.path() + ": " + finding.kind() + " " + finding.value());
        }
        try {
            return context.newJsonParser().parseResource(patched);
        } catch (DataFormatException e) {
            throw PatchProblem.invalidResult(e.getMessage());
        }
    }
}
