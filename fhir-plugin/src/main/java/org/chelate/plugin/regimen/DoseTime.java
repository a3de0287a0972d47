package org.chelate.plugin.regimen;

import java.time.LocalTime;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/**
 * One recorded time of day of a regimen: either an {@link EventTiming} code (HS, C, CM, MORN, ...) from
 * {@code Timing.repeat.when} or a clock time from {@code Timing.repeat.timeOfDay}.
 */
public record DoseTime(Optional<EventTiming> event, Optional<LocalTime> clockTime) {

    public DoseTime {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(clockTime, "clockTime");
        if (event.isPresent() == clockTime.isPresent()) {
            throw new IllegalArgumentException("a dose time is either an event code or a clock time");
        }
    }

    public static DoseTime of(EventTiming event) {
        return new DoseTime(Optional.of(event), Optional.empty());
    }

    public static DoseTime at(LocalTime time) {
        return new DoseTime(Optional.empty(), Optional.of(time));
    }

    /** "HS" for an event, "21:00" for a clock time. */
    public String label() {
        return event.map(EventTiming::toCode).orElseGet(() -> clockTime.orElseThrow().toString());
    }
}
