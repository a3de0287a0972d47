package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A reference range to use when an Observation carries none, in the analyte's canonical unit, with its source short
 * name (e.g. 0.75–0.95 mmol/L, "ODS-Mg" from the knowledge pack).
 */
public record DefaultRange(BigDecimal low, BigDecimal high, String source) {
    public DefaultRange {
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(source, "source");
        if (low.compareTo(high) > 0) {
            throw new IllegalArgumentException("range low is above high");
        }
    }
}
