package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Objects;
import org.chelate.plugin.knowledge.Source;

/**
 * One piece of guidance, before it is dressed as a CDS Hooks card.
 *
 * @param type        the kind of finding
 * @param key         identifies the finding within one call, for de-duplication (e.g. "upper-limit:ZINC")
 * @param severity    info, warning or critical
 * @param summary     one line, at most 140 characters
 * @param detail      markdown showing the numbers used
 * @param sources     cited sources; the first is the card's source. Empty means the finding is about the
 *                    patient's own data (Chelate is the source)
 * @param suggestions actions a clinician can accept
 */
public record Finding(CardType type, String key, Severity severity, String summary, String detail,
                      List<Source> sources, List<Suggestion> suggestions) {

    /** CDS Hooks asks for a summary under 140 characters. */
    public static final int MAX_SUMMARY = 139;

    public Finding {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(detail, "detail");
        sources = List.copyOf(sources);
        suggestions = List.copyOf(suggestions);
        if (summary.isBlank() || summary.length() > MAX_SUMMARY) {
            throw new IllegalArgumentException("summary must be 1.." + MAX_SUMMARY + " characters: " + summary);
        }
    }
}
