package org.chelate.plugin.numbers;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The bounds on decimals Chelate reads from outside. {@link #within}: what guidance computes with (CDS Hooks requests),
 * at most
 * {@value #MAX_INTEGER_DIGITS} digits before the decimal point, {@value #MAX_FRACTION_DIGITS} after it and
 * {@value #MAX_SIGNIFICANT_DIGITS} significant digits in all. A value such as {@code 1e999999} is a 9-byte literal that
 * expands to a million digits as soon as it is added, rounded or printed; checking it here, before any arithmetic or
 * formatting, costs a few comparisons (BigDecimal keeps the exponent apart from the digits). Real doses, lab values
 * and FHIR counts are far inside the bound; exported floating-point noise ({@code 98.87207366823474}) is too.
 * {@link #storable}: what a FHIR write may store, wider (see {@link #MAX_STORED_EXPONENT}) but still never a number
 * whose text expands without end.
 */
public final class DecimalBounds {

    /** |value| &lt; 10^15: far above any dose in mg or any count a FHIR resource holds. */
    public static final int MAX_INTEGER_DIGITS = 15;
    /** 20 digits after the point: more than a double's noise, far less than an exponent can ask for. */
    public static final int MAX_FRACTION_DIGITS = 20;
    /** IEEE decimal128's precision. */
    public static final int MAX_SIGNIFICANT_DIGITS = 34;

    /**
     * What a stored FHIR decimal may hold: the decimal point at most this many places from the digits, either way.
     * FHIR decimals are arbitrary-precision and HL7's own R4 example holds ±1.0e245, so a store must keep far more
     * than guidance computes with; this bound keeps every stored number's plain text short enough to format at once
     * and to read back (JSON readers refuse numbers of over 1,000 characters).
     */
    public static final int MAX_STORED_EXPONENT = 300;

    /** The stored bound in words, for error messages. */
    public static final String DESCRIPTION = "at most " + MAX_SIGNIFICANT_DIGITS + " significant digits, magnitude "
            + "below 1e" + MAX_STORED_EXPONENT + ", no finer than 1e-" + MAX_STORED_EXPONENT;

    private static final long MAX_LONG_MAGNITUDE = 999_999_999_999_999L;

    private DecimalBounds() {
    }

    /** True when {@code value} may be used in arithmetic and formatting. */
    public static boolean within(BigDecimal value) {
        return value != null && problem(value).isEmpty();
    }

    /** Whether a FHIR write may store {@code value} ({@link #MAX_STORED_EXPONENT}, {@link #MAX_SIGNIFICANT_DIGITS}). */
    public static boolean storable(BigDecimal value) {
        if (value == null || value.precision() > MAX_SIGNIFICANT_DIGITS) {
            return false;
        }
        long integerDigits = (long) value.precision() - value.scale();
        return value.scale() <= MAX_STORED_EXPONENT && integerDigits <= MAX_STORED_EXPONENT
                && (value.signum() != 0 || value.scale() >= -MAX_STORED_EXPONENT);
    }

    /** {@link #storable(BigDecimal)} for a number's text, refused by its length before any number is built. */
    public static boolean storable(CharSequence text) {
        if (text == null || text.length() == 0 || text.length() > 2 * MAX_STORED_EXPONENT + 40) {
            return false;
        }
        try {
            return storable(new BigDecimal(text.toString()));
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    /** True when a whole number is within the bound (cheap for every {@code long}). */
    public static boolean within(long value) {
        return value >= -MAX_LONG_MAGNITUDE && value <= MAX_LONG_MAGNITUDE;
    }

    public static boolean within(BigInteger value) {
        return value.bitLength() < 63 ? within(value.longValue()) : false;
    }

    /**
     * Checks a decimal literal as written (e.g. the text of a FHIR {@code valueDecimal}) without expanding it;
     * a literal that is not a number is outside the bound.
     */
    public static boolean within(String literal) {
        if (literal == null || literal.isEmpty() || literal.length() > 2 * MAX_SIGNIFICANT_DIGITS + 16) {
            return false;
        }
        try {
            return within(new BigDecimal(literal));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Why {@code value} is outside the bound, in words a clinician or integrator can read; empty when within. */
    public static Optional<String> problem(BigDecimal value) {
        int precision = value.precision();
        int scale = value.scale();
        // long: precision - scale overflows an int for an exponent near Integer.MAX_VALUE (1e2147483647)
        if (value.signum() != 0 && (long) precision - scale > MAX_INTEGER_DIGITS) {
            return Optional.of("too large (more than " + MAX_INTEGER_DIGITS + " digits before the decimal point)");
        }
        if (value.signum() == 0 && (scale < -MAX_INTEGER_DIGITS || scale > MAX_FRACTION_DIGITS)) {
            return Optional.of("a zero written with an exponent out of range");
        }
        if (scale > MAX_FRACTION_DIGITS) {
            return Optional.of("too precise (more than " + MAX_FRACTION_DIGITS + " digits after the decimal point)");
        }
        if (precision > MAX_SIGNIFICANT_DIGITS) {
            return Optional.of("too precise (more than " + MAX_SIGNIFICANT_DIGITS + " significant digits)");
        }
        return Optional.empty();
    }
}
