package org.chelate.terminology.codes;

import java.math.BigDecimal;

/**
 * A symptom-score instrument as coded in an Observation.
 *
 * @param verified true for Chelate's own codes and for standard codes checked against a public source
 */
public record ScoreInstrument(String system, String code, String display, BigDecimal min, BigDecimal max,
                              ScoreDirection direction, boolean verified) {

    public boolean inRange(BigDecimal value) {
        return value != null && value.compareTo(min) >= 0 && value.compareTo(max) <= 0;
    }
}
