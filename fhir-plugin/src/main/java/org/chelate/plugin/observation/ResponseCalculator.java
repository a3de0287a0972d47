package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.chelate.terminology.codes.ScoreDirection;

/**
 * Computes a {@link RegimenResponse}: baseline = last score before the regimen's start, latest = latest score on or after
 * it (up to the as-of date). Minimal important differences are configured per instrument as "system|code" → points;
 * none are shipped, because the facts file holds none.
 */
public final class ResponseCalculator {

    private final Map<String, BigDecimal> minimalImportantDifferences;

    /** @param minimalImportantDifferences "system|code" of the instrument → MID in score points (positive) */
    public ResponseCalculator(Map<String, BigDecimal> minimalImportantDifferences) {
        minimalImportantDifferences.forEach((key, mid) -> {
            if (mid == null || mid.signum() <= 0) {
                throw new IllegalArgumentException("minimal important difference for " + key + " must be positive");
            }
        });
        this.minimalImportantDifferences = Map.copyOf(minimalImportantDifferences);
    }

    public static String key(String system, String code) {
        return system + "|" + code;
    }

    public RegimenResponse response(ScoreSeries series, String regimenReference, LocalDate regimenStart, LocalDate asOf) {
        Optional<ScorePoint> baseline = series.lastBefore(regimenStart);
        Optional<ScorePoint> latest = series.latestOnOrBefore(asOf).filter(p -> !p.date().isBefore(regimenStart));
        Optional<BigDecimal> mid = Optional.ofNullable(
                minimalImportantDifferences.get(key(series.instrument().system(), series.instrument().code())));
        if (baseline.isEmpty() || latest.isEmpty()) {
            return new RegimenResponse(series.instrument(), regimenReference, regimenStart, baseline, latest,
                    Optional.empty(), Optional.empty(), mid, MidOutcome.NOT_ENOUGH_DATA);
        }
        BigDecimal change = latest.get().value().subtract(baseline.get().value());
        BigDecimal improvement = series.instrument().direction() == ScoreDirection.HIGHER_IS_BETTER ? change : change.negate();
        MidOutcome outcome;
        if (mid.isEmpty()) {
            outcome = MidOutcome.NO_MID_CONFIGURED;
        } else if (improvement.compareTo(mid.get()) >= 0) {
            outcome = MidOutcome.IMPROVED_BY_AT_LEAST_MID;
        } else if (improvement.negate().compareTo(mid.get()) >= 0) {
            outcome = MidOutcome.WORSENED_BY_AT_LEAST_MID;
        } else {
            outcome = MidOutcome.WITHIN_MID;
        }
        return new RegimenResponse(series.instrument(), regimenReference, regimenStart, baseline, latest,
                Optional.of(change), Optional.of(improvement), mid, outcome);
    }
}
