package org.chelate.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.InstantType;
import org.junit.jupiter.api.Test;

class DateSpansTest {

    private static DateSpans.Span span(String from, String to) {
        return new DateSpans.Span(Instant.parse(from).toEpochMilli(), Instant.parse(to).toEpochMilli());
    }

    @Test
    void partialDatesCoverTheirWholeYearMonthOrDayInUtc() {
        assertEquals(span("2024-01-01T00:00:00Z", "2024-12-31T23:59:59.999Z"), DateSpans.of(new DateTimeType("2024")));
        assertEquals(span("2024-02-01T00:00:00Z", "2024-02-29T23:59:59.999Z"), DateSpans.of(new DateTimeType("2024-02")));
        assertEquals(span("2024-02-29T00:00:00Z", "2024-02-29T23:59:59.999Z"), DateSpans.of(new DateType("2024-02-29")));
    }

    @Test
    void timesCoverTheirPrecisionAndHonourTheirZone() {
        assertEquals(span("2024-03-05T08:00:00Z", "2024-03-05T08:00:00.999Z"),
                DateSpans.of(new DateTimeType("2024-03-05T10:00:00+02:00")));
        assertEquals(span("2024-03-05T10:00:07Z", "2024-03-05T10:00:07.999Z"),
                DateSpans.of(new DateTimeType("2024-03-05T10:00:07Z")));
        assertEquals(span("2024-03-05T10:00:07.123Z", "2024-03-05T10:00:07.123Z"),
                DateSpans.of(new InstantType("2024-03-05T10:00:07.123Z")));
    }

    @Test
    void noValueHasNoSpan() {
        assertNull(DateSpans.of(new DateTimeType()));
        assertNull(DateSpans.of(null));
    }
}
