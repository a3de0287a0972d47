package org.chelate.plugin.regimen;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/** Calendar days from FHIR dates of any precision, in the date's own time zone (no shifting to UTC). */
public final class Dates {

    private Dates() {
    }

    /** The first day the value covers: 2026 → 2026-01-01, 2026-03 → 2026-03-01. */
    public static Optional<LocalDate> firstDay(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getYear() == null) {
            return Optional.empty();
        }
        int month = value.getMonth() == null ? 0 : value.getMonth();
        int day = value.getDay() == null ? 1 : value.getDay();
        return switch (value.getPrecision()) {
            case YEAR -> Optional.of(LocalDate.of(value.getYear(), 1, 1));
            case MONTH -> Optional.of(LocalDate.of(value.getYear(), month + 1, 1));
            default -> Optional.of(LocalDate.of(value.getYear(), month + 1, day));
        };
    }

    /** The last day the value covers: 2026 → 2026-12-31, 2026-02 → 2026-02-28. */
    public static Optional<LocalDate> lastDay(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getYear() == null) {
            return Optional.empty();
        }
        int month = value.getMonth() == null ? 0 : value.getMonth();
        return switch (value.getPrecision()) {
            case YEAR -> Optional.of(LocalDate.of(value.getYear(), 12, 31));
            case MONTH -> Optional.of(YearMonth.of(value.getYear(), month + 1).atEndOfMonth());
            default -> firstDay(value);
        };
    }
}
