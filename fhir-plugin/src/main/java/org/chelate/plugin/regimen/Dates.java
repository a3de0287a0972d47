package org.chelate.plugin.regimen;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Calendar;
import java.util.Optional;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/** Calendar days from FHIR dates of any precision, in the date's own time zone (no shifting to UTC). */
public final class Dates {

    private Dates() {
    }

    /** The first day the value covers: 2026 → 2026-01-01, 2026-03 → 2026-03-01. */
    public static Optional<LocalDate> firstDay(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return Optional.empty();
        }
        // one calendar in the value's own zone (HAPI's getYear/getMonth/getDay each build one)
        Calendar calendar = value.getValueAsCalendar();
        int year = calendar.get(Calendar.YEAR);
        int month = calendar.get(Calendar.MONTH);
        return switch (value.getPrecision()) {
            case YEAR -> Optional.of(LocalDate.of(year, 1, 1));
            case MONTH -> Optional.of(LocalDate.of(year, month + 1, 1));
            default -> Optional.of(LocalDate.of(year, month + 1, calendar.get(Calendar.DAY_OF_MONTH)));
        };
    }

    /** The last day the value covers: 2026 → 2026-12-31, 2026-02 → 2026-02-28. */
    public static Optional<LocalDate> lastDay(BaseDateTimeType value) {
        if (value == null || value.isEmpty() || value.getValue() == null) {
            return Optional.empty();
        }
        Calendar calendar = value.getValueAsCalendar();
        int year = calendar.get(Calendar.YEAR);
        return switch (value.getPrecision()) {
            case YEAR -> Optional.of(LocalDate.of(year, 12, 31));
            case MONTH -> Optional.of(YearMonth.of(year, calendar.get(Calendar.MONTH) + 1).atEndOfMonth());
            default -> firstDay(value);
        };
    }
}
