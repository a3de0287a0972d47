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
        Optional<LocalDate> fromText = firstDayOfText(value);
        if (fromText.isPresent()) {
            return fromText;
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

    /**
     * The first day read from the value's FHIR text, whose date part is the date in the value's own zone (what its
     * calendar gives, without building one); empty when the text is not of the plain form YYYY, YYYY-MM or YYYY-MM-DD...
     */
    private static Optional<LocalDate> firstDayOfText(BaseDateTimeType value) {
        String text = value.getValueAsString();
        try {
            return switch (value.getPrecision()) {
                case YEAR -> text.length() == 4 ? Optional.of(LocalDate.of(digits(text, 0, 4), 1, 1)) : Optional.empty();
                case MONTH -> text.length() == 7 && text.charAt(4) == '-'
                        ? Optional.of(LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), 1)) : Optional.empty();
                default -> text.length() >= 10 && text.charAt(4) == '-' && text.charAt(7) == '-'
                        ? Optional.of(LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10)))
                        : Optional.empty();
            };
        } catch (RuntimeException notPlain) {
            return Optional.empty();
        }
    }

    private static int digits(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new NumberFormatException(text);
            }
        }
        return Integer.parseInt(text, from, to, 10);
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
