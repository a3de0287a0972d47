package org.chelate.plugin.knowledge;

import java.math.BigDecimal;

/** A separation in hours: "at least 2 h" (max null) or a range "4-6 h" as the source states it. */
public record HourRange(BigDecimal minHours, BigDecimal maxHours) {

    public String display() {
        if (maxHours == null || maxHours.compareTo(minHours) == 0) {
            return "at least " + minHours.stripTrailingZeros().toPlainString() + " h";
        }
        return minHours.stripTrailingZeros().toPlainString() + "\u2013" + maxHours.stripTrailingZeros().toPlainString()
                + " h";
    }

    /** The separation a clash check uses: the far end of a range ("4-6 h" → 6 h), else the minimum. */
    public BigDecimal farEnd() {
        return maxHours == null ? minHours : maxHours;
    }
}
