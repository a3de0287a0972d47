package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One symptom score of a patient.
 *
 * @param sourceReference e.g. "Observation/42"
 * @param date            the day the score was taken
 * @param effective       the instant, for ordering scores of the same day (start of day UTC for date-only records)
 * @param value           the score, within the instrument's range
 */
public record ScorePoint(String sourceReference, LocalDate date, Instant effective, BigDecimal value) {
    public ScorePoint {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(effective, "effective");
        Objects.requireNonNull(value, "value");
    }
}
