package org.chelate.plugin.cdshooks;

import static org.chelate.plugin.cdshooks.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Reads the CDS Hooks 2.0 feedback body; anything malformed is a 400. */
final class FeedbackReader {

    private FeedbackReader() {
    }

    static List<FeedbackEntry> read(String serviceId, JsonNode request) {
        JsonNode items = request.isObject() ? request.get("feedback") : null;
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw CdsHooksException.badRequest("feedback must be a non-empty array");
        }
        List<FeedbackEntry> entries = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw CdsHooksException.badRequest("each feedback item must be an object");
            }
            String card = text(item, "card", true);
            if (card.length() > 64) {
                throw CdsHooksException.badRequest("card must be the uuid of a card (at most 64 characters)");
            }
            String outcome = text(item, "outcome", true);
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                throw CdsHooksException.badRequest("outcome must be 'accepted' or 'overridden', not '" + outcome + "'");
            }
            Instant when;
            try {
                when = Instant.parse(text(item, "outcomeTimestamp", true));
            } catch (DateTimeParseException e) {
                try {
                    when = java.time.OffsetDateTime.parse(item.get("outcomeTimestamp").asText()).toInstant();
                } catch (DateTimeParseException e2) {
                    throw CdsHooksException.badRequest("outcomeTimestamp is not an ISO 8601 instant");
                }
            }
            String system = null;
            String code = null;
            String comment = null;
            JsonNode override = item.get("overrideReason");
            if (override != null && !override.isNull()) {
                if (!override.isObject()) {
                    throw CdsHooksException.badRequest("overrideReason must be an object");
                }
                JsonNode reason = override.get("reason");
                if (reason != null && reason.isObject()) {
                    system = text(reason, "system", false);
                    code = text(reason, "code", true);
                    if (code.length() > 128) {
                        throw CdsHooksException.badRequest("overrideReason.reason.code is longer than 128 characters");
                    }
                }
                comment = text(override, "userComment", false);
            }
            List<String> accepted = new ArrayList<>();
            JsonNode suggestions = item.get("acceptedSuggestions");
            if (suggestions != null && !suggestions.isNull()) {
                if (!suggestions.isArray()) {
                    throw CdsHooksException.badRequest("acceptedSuggestions must be an array");
                }
                for (JsonNode s : suggestions) {
                    accepted.add(text(s, "id", true));
                }
            }
            if (outcome.equals("accepted") && accepted.isEmpty()) {
                // CDS Hooks 2.0, Feedback: acceptedSuggestions is "required for accepted outcomes"
                throw CdsHooksException.badRequest("an 'accepted' outcome needs acceptedSuggestions (the ids of the "
                        + "suggestions the user accepted); a card acknowledged without a suggestion is not feedback");
            }
            entries.add(new FeedbackEntry(serviceId, card, outcome, system, code, comment, accepted, when));
        }
        return entries;
    }
}
