package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.chelate.terminology.codes.ScoreInstrument;

/**
 * A patient's scores on one instrument before and since a regimen started. An observation of this patient, never a
 * claim that the regimen caused the change.
 *
 * @param instrument                the instrument
 * @param regimenReference          the regimen's source record
 * @param regimenStart              the day the regimen started
 * @param baseline                  the last score before the start
 * @param latest                    the latest score on or after the start
 * @param change                    latest − baseline, in score points (sign as recorded)
 * @param improvement               change in the instrument's better direction (positive = better)
 * @param minimalImportantDifference the configured MID for the instrument, when any
 * @param outcome                   the change against the MID
 */
public record RegimenResponse(
        ScoreInstrument instrument,
        String regimenReference,
        LocalDate regimenStart,
        Optional<ScorePoint> baseline,
        Optional<ScorePoint> latest,
        Optional<BigDecimal> change,
        Optional<BigDecimal> improvement,
        Optional<BigDecimal> minimalImportantDifference,
        MidOutcome outcome) {

    public RegimenResponse {
        Objects.requireNonNull(instrument, "instrument");
        Objects.requireNonNull(regimenReference, "regimenReference");
        Objects.requireNonNull(regimenStart, "regimenStart");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(improvement, "improvement");
        Objects.requireNonNull(minimalImportantDifference, "minimalImportantDifference");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** true only when the change in the better direction reaches the configured MID. */
    public boolean passesMid() {
        return outcome == MidOutcome.IMPROVED_BY_AT_LEAST_MID;
    }
}
