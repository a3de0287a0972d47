package org.chelate.server.store;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/**
 * Turns a FHIR date, dateTime or instant into the span of time it denotes: "2024" is the whole year, "2024-03-05"
 * the whole day. Values without a time are taken as UTC calendar days on write and on search alike, so they compare
 * consistently whatever the JVM's time zone.
 */
public final class DateSpans {

    /** Open ends of a Period. */
    public static final long MIN = Long.MIN_VALUE / 2;
    public static final long MAX = Long.MAX_VALUE / 2;

    private DateSpans() {
    }

    public record Span(long lowMs, long highMs) {
    }

    /** The span of a date/dateTime/instant value, or null when it has no value. */
    public static Span of(BaseDateTimeType value) {
        if (value == null || value.getValue() == null) {
            return null;
        }
        TemporalPrecisionEnum precision = value.getPrecision();
        switch (precision) {
            case YEAR, MONTH, DAY -> {
                LocalDate start = LocalDate.of(value.getYear(),
                        precision == TemporalPrecisionEnum.YEAR ? 1 : value.getMonth() + 1,
                        precision == TemporalPrecisionEnum.DAY ? value.getDay() : 1);
                LocalDate end = switch (precision) {
                    case YEAR -> start.plusYears(1);
                    case MONTH -> start.plusMonths(1);
                    default -> start.plusDays(1);
                };
                return new Span(start.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli(),
                        end.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1);
            }
            default -> {
                Date date = value.getValue();
                long low = date.getTime();
                long width = switch (precision) {
                    case MINUTE -> 60_000L;
                    case SECOND -> 1_000L;
                    default -> 1L;
                };
                if (value.getTimeZone() == null && !hasZone(value)) {
                    low = asUtc(date);
                }
                long truncated = low - Math.floorMod(low, width);
                return new Span(truncated, truncated + width - 1);
            }
        }
    }

    private static boolean hasZone(IPrimitiveType<?> value) {
        String text = value.getValueAsString();
        return text != null && (text.endsWith("Z") || text.matches(".*T.*[+-]\\d\\d:\\d\\d$"));
    }

    /** Re-reads a zone-less local time as UTC. */
    private static long asUtc(Date localDate) {
        Calendar local = Calendar.getInstance();
        local.setTime(localDate);
        Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        utc.clear();
        utc.set(local.get(Calendar.YEAR), local.get(Calendar.MONTH), local.get(Calendar.DAY_OF_MONTH),
                local.get(Calendar.HOUR_OF_DAY), local.get(Calendar.MINUTE), local.get(Calendar.SECOND));
        utc.set(Calendar.MILLISECOND, local.get(Calendar.MILLISECOND));
        return utc.getTimeInMillis();
    }
}
