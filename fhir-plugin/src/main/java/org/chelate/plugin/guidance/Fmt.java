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

    /** Shortens to at most {@code max} characters, ending with an ellipsis when cut. */
    static String fit(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1).stripTrailing() + "\u2026";
    }

    /** A markdown "Sources:" line naming each source with its link. */
    static String sources(List<Source> sources) {
        return "Sources: " + sources.stream()
                .map(s -> s.url() == null ? s.id() + " (" + s.label() + ")" : "[" + s.id() + "](" + s.url() + ")")
                .collect(Collectors.joining(", "));
    }
}
