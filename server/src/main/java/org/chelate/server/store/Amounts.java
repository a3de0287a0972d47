package org.chelate.server.store;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers and quantity values as the index keeps them: fixed-point millionths in a BIGINT column (the same columns
 * and index as dates), clamped to the column's range. Six decimals cover the units clinical data uses; values beyond
 * ±9.2 million million compare as the largest representable.
 */
public final class Amounts {

    private static final int SCALE = 6;
    private static final BigDecimal MAX = BigDecimal.valueOf(DateSpans.MAX).movePointLeft(SCALE);
    private static final BigDecimal MIN = BigDecimal.valueOf(DateSpans.MIN).movePointLeft(SCALE);

    private Amounts() {
    }

    /** The value in millionths, rounded down, clamped. */
    public static long micros(BigDecimal value) {
        if (value.compareTo(MAX) > 0) {
            return DateSpans.MAX;
        }
        if (value.compareTo(MIN) < 0) {
            return DateSpans.MIN;
        }
        return value.movePointRight(SCALE).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /**
     * The span a search value denotes by its precision, in millionths, both ends inclusive: "100" is [99.5, 100.5),
     * "100.0" is [99.95, 100.05) (FHIR's implicit range for eq, ne and ap).
     */
    public static long[] span(BigDecimal value) {
        BigDecimal half = BigDecimal.ONE.movePointLeft(Math.max(0, value.scale()) + 1).multiply(BigDecimal.valueOf(5));
        long low = micros(value.subtract(half));
        long high = micros(value.add(half));
        return new long[] {low, Math.max(low, high - 1)};
    }
}
