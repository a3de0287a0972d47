package org.chelate.plugin.cdshooks;

import java.time.Instant;
import java.util.List;

/**
 * One feedback item of CDS Hooks 2.0 ({@code POST /cds-services/{id}/feedback}).
 *
 * @param outcome             "accepted" or "overridden"
 * @param overrideReasonCode  code of the chosen override reason, or null
 * @param acceptedSuggestions uuids of accepted suggestions
 */
public record FeedbackEntry(String serviceId, String cardUuid, String outcome, String overrideReasonSystem,
                            String overrideReasonCode, String userComment, List<String> acceptedSuggestions,
                            Instant outcomeTimestamp) {
    public FeedbackEntry {
        acceptedSuggestions = List.copyOf(acceptedSuggestions);
    }
}
