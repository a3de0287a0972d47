package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.knowledge.HourRange;
import org.chelate.plugin.regimen.DoseTime;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/**
 * Whether recorded times of day collide. Two event codes collide when they are the same event or the same meal
 * (e.g. CM "at breakfast" and ACM "before breakfast"); two clock times collide when they are closer than the
 * separation the rule asks for. An event code and a clock time are not compared (no clock time is assumed for a meal).
 */
final class DoseTimes {

    private static final Map<EventTiming, String> OCCASION = Map.ofEntries(
            Map.entry(EventTiming.CM, "breakfast"), Map.entry(EventTiming.ACM, "breakfast"),
            Map.entry(EventTiming.PCM, "breakfast"),
            Map.entry(EventTiming.CD, "lunch"), Map.entry(EventTiming.ACD, "lunch"), Map.entry(EventTiming.PCD, "lunch"),
            Map.entry(EventTiming.CV, "dinner"), Map.entry(EventTiming.ACV, "dinner"), Map.entry(EventTiming.PCV, "dinner"),
            Map.entry(EventTiming.MORN, "morning"), Map.entry(EventTiming.MORN_EARLY, "morning"),
            Map.entry(EventTiming.MORN_LATE, "morning"),
            Map.entry(EventTiming.HS, "bedtime"),
            Map.entry(EventTiming.WAKE, "waking"));

    private DoseTimes() {
    }

    /** A collision between a drug time and a supplement time, described for a clinician. */
    record Collision(DoseTime drug, DoseTime supplement, String description) {
    }

    /**
     * @param before how long before the supplement the drug must be taken (null: no constraint stated)
     * @param after  how long after the supplement the drug may be taken (null: no constraint stated)
     */
    static List<Collision> collisions(List<DoseTime> drugTimes, List<DoseTime> supplementTimes, HourRange before,
                                      HourRange after) {
        List<Collision> found = new ArrayList<>();
        for (DoseTime d : drugTimes) {
            for (DoseTime s : supplementTimes) {
                collide(d, s, before, after).ifPresent(text -> found.add(new Collision(d, s, text)));
            }
        }
        return found;
    }

    /** Same-occasion check only (for the optional magnesium + zinc note). */
    static boolean sameOccasion(List<DoseTime> a, List<DoseTime> b) {
        for (DoseTime x : a) {
            for (DoseTime y : b) {
                if (x.event().isPresent() && y.event().isPresent() && sameEvent(x.event().get(), y.event().get())) {
                    return true;
                }
                if (x.clockTime().isPresent() && x.clockTime().equals(y.clockTime())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Optional<String> collide(DoseTime drug, DoseTime supplement, HourRange before, HourRange after) {
        if (drug.event().isPresent() && supplement.event().isPresent()) {
            EventTiming a = drug.event().get();
            EventTiming b = supplement.event().get();
            if (sameEvent(a, b)) {
                String occasion = OCCASION.getOrDefault(a, a.toCode());
                return Optional.of("both recorded at " + occasion + " (" + a.toCode()
                        + (a == b ? "" : " / " + b.toCode()) + ")");
            }
            return Optional.empty();
        }
        if (drug.clockTime().isPresent() && supplement.clockTime().isPresent()) {
            LocalTime d = drug.clockTime().get();
            LocalTime s = supplement.clockTime().get();
            long minutes = Duration.between(s, d).toMinutes();
            // a clock time of day wraps around midnight: use the shorter way round, signed
            if (minutes > 720) {
                minutes -= 1440;
            } else if (minutes < -720) {
                minutes += 1440;
            }
            if (minutes >= 0 && after != null && below(minutes, after.minHours())) {
                return Optional.of("drug at " + d + " is only " + hours(minutes) + " after the supplement at " + s);
            }
            if (minutes <= 0 && before != null && below(-minutes, before.minHours())) {
                return Optional.of("drug at " + d + " is only " + hours(-minutes) + " before the supplement at " + s);
            }
        }
        return Optional.empty();
    }

    private static boolean sameEvent(EventTiming a, EventTiming b) {
        if (a == b) {
            return true;
        }
        String oa = OCCASION.get(a);
        return oa != null && oa.equals(OCCASION.get(b));
    }

    private static boolean below(long minutes, BigDecimal minHours) {
        return BigDecimal.valueOf(minutes).compareTo(minHours.multiply(BigDecimal.valueOf(60))) < 0;
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? (minutes / 60) + " h" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }
}
