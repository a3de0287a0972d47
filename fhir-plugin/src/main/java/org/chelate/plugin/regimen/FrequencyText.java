package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads how often from the usual sig phrases in free text ("twice daily", "at bedtime", "BID", "every other day").
 * Only for records whose Timing is empty; a text that names two different frequencies gives nothing.
 */
final class FrequencyText {

    private record Phrase(Pattern pattern, BigDecimal perDay) {
    }

    private static final List<Phrase> PHRASES = List.of(
            phrase("\\b(four times (a|per|each) day|four times daily|qid|4 ?x ?(a |per )?(day|daily))\\b", "4"),
            phrase("\\b(three times (a|per|each) day|three times daily|tid|tds|3 ?x ?(a |per )?(day|daily))\\b", "3"),
            phrase("\\b(twice (a |per |each )?day|twice daily|two times (a|per|each) day|two times daily|bid|bd|2 ?x ?(a |per )?(day|daily)|morning and (night|evening|bedtime))\\b", "2"),
            phrase("\\b(every other day|alternate days|qod)\\b", "0.5"),
            phrase("\\b(once (a |per )?week|weekly|every week)\\b", "0.142857142857142857"),
            phrase("\\b(once (a |per |each )?day|once daily|daily|every day|each day|per day|a day|qd|od|nightly|every night|each night|at night|at bedtime|before bed|qhs|hs|every morning|each morning|in the morning|every evening|in the evening)\\b", "1"));

    private FrequencyText() {
    }

    private static Phrase phrase(String regex, String perDay) {
        return new Phrase(Pattern.compile(regex), new BigDecimal(perDay));
    }

    /** Doses a day named by the text, or empty when it names none, or several that disagree. */
    static Optional<BigDecimal> dosesPerDay(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        Set<BigDecimal> found = new LinkedHashSet<>();
        for (Phrase phrase : PHRASES) {
            var matcher = phrase.pattern().matcher(lower);
            if (matcher.find()) {
                found.add(phrase.perDay());
                // "twice daily" also matches "daily": a more specific phrase wins over the generic once-a-day words
                lower = phrase.pattern().matcher(lower).replaceAll(" ");
            }
        }
        return found.size() == 1 ? Optional.of(found.iterator().next()) : Optional.empty();
    }
}
