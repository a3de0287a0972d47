package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.chelate.plugin.knowledge.Source;
import org.chelate.terminology.Mineral;

/** Number and text formatting shared by the rules. */
final class Fmt {

    private Fmt() {
    }

    /** "70", "70.5", "0.9": at most one decimal, no trailing zeros. */
    static String mg(BigDecimal value) {
        return value.setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String num(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    static String range(BigDecimal low, BigDecimal high) {
        return low.compareTo(high) == 0 ? mg(low) : mg(low) + "\u2013" + mg(high);
    }

    static String name(Mineral mineral) {
        return mineral.name().toLowerCase(Locale.ROOT);
    }

    static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /**
     * Shortens to at most {@code max} characters by meaning: first drops parenthetical asides (right to left), then
     * trailing clauses ("; …", " \u2014 …", ", …"). Only a sentence with no such parts is cut, at a whole word, never
     * after a dangling "or", "to" or an open range ("4\u2013"), and ends with an ellipsis.
     */
    static String fit(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        String t = s;
        while (t.length() > max) {
            int close = t.lastIndexOf(')');
            int open = close < 0 ? -1 : t.lastIndexOf(" (", close);
            if (open <= 0) {
                break;
            }
            t = t.substring(0, open) + t.substring(close + 1);
        }
        for (String separator : List.of("; ", " \u2014 ", ", ")) {
            while (t.length() > max) {
                int at = t.lastIndexOf(separator);
                if (at <= 0) {
                    break;
                }
                t = t.substring(0, at);
            }
        }
        if (t.length() <= max) {
            return t;
        }
        String cut = t.substring(0, max - 1);
        int space = cut.lastIndexOf(' ');
        if (space > max / 2) {
            cut = cut.substring(0, space);
        }
        return DANGLING_END.matcher(cut).replaceAll("").stripTrailing() + "\u2026";
    }

    private static final java.util.regex.Pattern DANGLING_END = java.util.regex.Pattern.compile(
            "(\\s+(or|and|to|of|with|by|at|for|from|in|the|a|an|\\S*[\\u2013\\-:,;(]))+$");

    /** The first candidate that fits in {@code max} characters (the fullest first), else the last one fitted. */
    static String firstFitting(int max, String... candidates) {
        for (String c : candidates) {
            if (c.length() <= max) {
                return c;
            }
        }
        return fit(candidates[candidates.length - 1], max);
    }

    /** A markdown "Sources:" line naming each source with its link. */
    static String sources(List<Source> sources) {
        return "Sources: " + sources.stream()
                .map(s -> s.url() == null ? s.id() + " (" + s.label() + ")" : "[" + s.id() + "](" + s.url() + ")")
                .collect(Collectors.joining(", "));
    }
}
