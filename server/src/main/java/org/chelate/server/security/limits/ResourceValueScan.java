package org.chelate.server.security.limits;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.chelate.plugin.numbers.DecimalBounds;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * The checks of {@link JsonValueScan} on a resource already parsed (from XML, whose parser keeps a decimal's text as
 * written and builds it cheaply): every decimal within {@link DecimalBounds}, judged by its text, and no string with an
 * unpaired surrogate. Nested resources (Bundle entries, contained) are walked too.
 */
public final class ResourceValueScan {

    private ResourceValueScan() {
    }

    /** The first refused value of {@code resource}, or null. */
    public static JsonValueScan.Finding firstFinding(FhirContext context, IBaseResource resource) {
        JsonValueScan.Finding[] found = new JsonValueScan.Finding[1];
        String root = context.getResourceType(resource);
        context.newTerser().visit(resource, (owner, element, path, child, definition) -> {
            if (found[0] != null || !(element instanceof IPrimitiveType<?> primitive)) {
                return;
            }
            String text = primitive.getValueAsString();
            if (text == null) {
                return;
            }
            if ("decimal".equals(definition.getName()) && !DecimalBounds.storable(text)) {
                found[0] = new JsonValueScan.Finding(JsonValueScan.Kind.NUMBER_OUT_OF_BOUNDS, path(root, path),
                        text.length() <= 40 ? text : text.substring(0, 40) + "...");
            } else if (Utf8Text.hasUnpairedSurrogate(text)) {
                found[0] = new JsonValueScan.Finding(JsonValueScan.Kind.UNPAIRED_SURROGATE, path(root, path), "");
            }
        });
        return found[0];
    }

    private static String path(String root, List<String> names) {
        return names.isEmpty() ? root : root + "." + String.join(".", names);
    }
}
