package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;

/** String fields of CDS Hooks request JSON, with the 400 a missing or mistyped one deserves. */
final class JsonFields {

    private JsonFields() {
    }

    static String text(JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw CdsHooksException.badRequest(field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw CdsHooksException.badRequest(field + " must be a non-empty string");
        }
        return value.asText();
    }

    /** A client-sent value quoted in an error message, cut to a readable length. */
    static String clip(String value) {
        return "'" + (value.length() > 80 ? value.substring(0, 80) + "…" : value) + "'";
    }
}
