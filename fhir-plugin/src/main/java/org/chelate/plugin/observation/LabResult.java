package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.chelate.terminology.codes.LabKind;

/**
 * One lab value in the analyte's canonical unit.
 *
 * @param sourceReference      e.g. "Observation/7"
 * @param analyte              what was measured
 * @param codedKind            the lab code's kind (e.g. magnesium by mass or by moles) as recorded
 * @param value                value in {@link LabAnalyte#canonicalUnit()}
 * @param unit                 the canonical unit (UCUM)
 * @param referenceLow         low end of the reference range in the canonical unit, when known
 * @param referenceHigh        high end, when known
 * @param referenceRangeSource where the range came from: "Observation" (the record's referenceRange) or a facts-file
 *                             source short name such as "ODS-Mg"; empty when there is no range
 * @param flag                 value against the range
 * @param date                 effective date
 * @param reportedValue        the value as the lab reported it (shown first on a card)
 * @param reportedUnit         the unit the lab reported it in (e.g. "mg/dL", "mEq/L")
 */
public record LabResult(
        String sourceReference,
        LabAnalyte analyte,
        LabKind codedKind,
        BigDecimal value,
        String unit,
        Optional<BigDecimal> referenceLow,
        Optional<BigDecimal> referenceHigh,
        Optional<String> referenceRangeSource,
        LabFlag flag,
        LocalDate date,
        BigDecimal reportedValue,
        String reportedUnit) {

    public LabResult {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(analyte, "analyte");
        Objects.requireNonNull(codedKind, "codedKind");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(referenceLow, "referenceLow");
        Objects.requireNonNull(referenceHigh, "referenceHigh");
        Objects.requireNonNull(referenceRangeSource, "referenceRangeSource");
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(reportedValue, "reportedValue");
        Objects.requireNonNull(reportedUnit, "reportedUnit");
    }

    /** Whether the reporting lab gave its own reference range (it then decides low and high). */
    public boolean hasLabRange() {
        return referenceRangeSource.filter(OBSERVATION_RANGE::equals).isPresent();
    }

    /** Whether the value was reported in another unit than {@link #unit()} (the card then shows both). */
    public boolean converted() {
        return !reportedUnit.equals(unit);
    }

    /** {@link #referenceRangeSource()} of a range the Observation itself carries. */
    public static final String OBSERVATION_RANGE = "Observation";
}
