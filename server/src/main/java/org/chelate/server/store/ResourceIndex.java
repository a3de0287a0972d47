package org.chelate.server.store;

import java.util.List;

/** The search index rows of one resource version, as extracted on write. */
public record ResourceIndex(List<Token> tokens, List<Text> strings, List<DateSpan> dates, List<Ref> references,
        List<Amount> amounts) {

    public static final ResourceIndex EMPTY = new ResourceIndex(List.of(), List.of(), List.of(), List.of(), List.of());

    public ResourceIndex(List<Token> tokens, List<Text> strings, List<DateSpan> dates, List<Ref> references) {
        this(tokens, strings, dates, references, List.of());
    }

    public ResourceIndex {
        tokens = List.copyOf(tokens);
        strings = List.copyOf(strings);
        dates = List.copyOf(dates);
        references = List.copyOf(references);
        amounts = List.copyOf(amounts);
    }

    /** True when there is no row to write. */
    public boolean isEmpty() {
        return tokens.isEmpty() && strings.isEmpty() && dates.isEmpty() && references.isEmpty() && amounts.isEmpty();
    }

    /** A coded value; system may be null (a plain code or a string used as a code). */
    public record Token(String param, String system, String code) {
    }

    /** A string value, normalised for case- and accent-insensitive prefix search, and as written. */
    public record Text(String param, String normalized, String exact) {
    }

    /** A time span in epoch milliseconds, both ends inclusive. */
    public record DateSpan(String param, long lowMs, long highMs) {
    }

    /** A reference to another resource of this server. */
    public record Ref(String param, String targetType, String targetId) {
    }

    /**
     * A number or quantity: its value in millionths ({@link Amounts}), and for a quantity its unit code (or unit text
     * when it has no code) and system; both null for a plain number.
     */
    public record Amount(String param, String system, String code, long micros) {
    }
}
