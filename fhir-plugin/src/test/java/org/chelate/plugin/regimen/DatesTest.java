package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;

/** Dates.firstDay reads the date from the FHIR text; it must give the day the value's own calendar gives. */
class DatesTest {

    @Test
    void firstDayIsTheCalendarDayInTheValuesOwnZone() {
        List<BaseDateTimeType> values = List.of(new DateTimeType("2026"), new DateTimeType("2026-02"),
                new DateTimeType("2026-02-28"), new DateTimeType("2024-02-29T23:59:59-11:00"),
                new DateTimeType("2026-11-19T00:30:00+14:00"), new DateTimeType("2026-12-31T23:00:00Z"),
                new DateTimeType("2026-01-01T00:00:00.123+05:30"), new InstantType("2026-11-19T07:30:00.5Z"),
                new DateType("1999-12-31"), new DateTimeType(new Date(1_790_000_000_000L)),
                withZone(new DateTimeType(new Date(1_790_000_000_000L)), "Pacific/Kiritimati"));
        for (BaseDateTimeType value : values) {
            Calendar calendar = value.getValueAsCalendar();
            LocalDate expected = switch (value.getPrecision()) {
                case YEAR -> LocalDate.of(calendar.get(Calendar.YEAR), 1, 1);
                case MONTH -> LocalDate.of(calendar.get(Calendar.YEAR), calendar.get(Calendar.MONTH) + 1, 1);
                default -> LocalDate.of(calendar.get(Calendar.YEAR), calendar.get(Calendar.MONTH) + 1,
                        calendar.get(Calendar.DAY_OF_MONTH));
            };
            assertEquals(Optional.of(expected), Dates.firstDay(value), value.getValueAsString());
        }
        assertEquals(Optional.empty(), Dates.firstDay(new DateTimeType()));
        assertEquals(Optional.of(LocalDate.of(2024, 2, 29)), Dates.lastDay(new DateTimeType("2024-02")).map(d -> d));
    }

    private static DateTimeType withZone(DateTimeType value, String zone) {
        value.setTimeZone(TimeZone.getTimeZone(zone));
        return value;
    }
}
