package org.chelate.plugin.numbers;

import java.math.BigDecimal;

/**
 * The one bound on decimals Chelate reads, from a request or a stored resource, checked before any arithmetic or
 * formatting: at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits, at most {@value #MAX_FRACTION_DIGITS}
 * digits after the point, and a magnitude below 10^{@value #MAX_INTEGER_DIGITS}. No dose, lab value or score comes
 * near it, and every value inside it prints as a plain number of at most ~60 characters; outside it, one short number
 * ({@code 1e999999}) makes {@link BigDecimal} build a million-digit integer, which costs minutes of CPU and a
 * megabyte of output per formatting.
 *
 * <p>{@link #withinBounds(CharSequence)} judges a number's text without building it when the text alone decides (too
 * long, or an exponent out of range), so that it is safe on any input.
 */
public final class DecimalBounds {

    public static final int MAX_SIGNIFICANT_DIGITS = 28;
    public static final int MAX_FRACTION_DIGITS = 28;
    /** Digits before the point: the magnitude is below 10 to this power. */
    public static final int MAX_INTEGER_DIGITS = 28;
    /** No number within the bounds is written with more characters (sign, digits, point, exponent, leading zeros). */
    static final int MAX_TEXT_LENGTH = 2 + MAX_FRACTION_DIGITS + MAX_INTEGER_DIGITS + 8;

    /** The bounds in words, for error messages and notes. */
    public static final String DESCRIPTION = "at most " + MAX_SIGNIFICANT_DIGITS + " significant digits and "
            + MAX_FRACTION_DIGITS + " decimal places, magnitude below 1e" + MAX_INTEGER_DIGITS;

    private DecimalBounds() {
    }

    /** Whether {@code value} keeps within the bounds; zero of any scale is judged by its written exponent too. */
    public static boolean withinBounds(BigDecimal value) {
        if (value == null) {
            return false;
        }
        if (value.scale() > MAX_FRACTION_DIGITS || value.precision() > MAX_SIGNIFICANT_DIGITS) {
            return false;
        }
        // digits before the point: precision - scale (for 1.5e3: precision 2, scale -2, so 4 digits)
        return (long) value.precision() - value.scale() <= MAX_INTEGER_DIGITS;
    }

    /**
     * Whether the text of a number (JSON or FHIR decimal syntax, e.g. {@code -1.25e-3}) is a number within the bounds;
     * false for text that is not a number. Never builds a large number: the text is refused by its length first.
     */
    public static boolean withinBounds(CharSequence text) {
        if (text == null || text.length() == 0 || text.length() > MAX_TEXT_LENGTH) {
            return false;
        }
        try {
            return withinBounds(new BigDecimal(text.toString()));
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
