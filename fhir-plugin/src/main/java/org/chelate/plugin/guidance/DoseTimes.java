package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.knowledge.HourRange;
import org.chelate.plugin.regimen.DoseTime;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/**
 * Whether recorded times of day keep a separation. Two event codes clash when they fall in the same part of the day
 * (WAKE, MORN, CM, ACM … are all morning; EVE, CV, HS, NIGHT … are all evening), since nothing says how many hours
 * lie between them; a meal code with no meal named (C, AC, PC) clashes with any meal. Two clock times clash when they
 * are closer than the separation asks, a range being read at its far end (4–6 h → 6 h). A clock time and an event
 * code clash when the clock time falls in the event's part of the day. Only clock times prove a separation.
 */
final class DoseTimes {

    /** Parts of the day, for times recorded as event codes. */
    enum PartOfDay { MORNING, MIDDAY, EVENING }

    private static final Map<EventTiming, PartOfDay> PART = new EnumMap<>(EventTiming.class);
    private static final Map<EventTiming, String> OCCASION = new EnumMap<>(EventTiming.class);
    private static final java.util.Set<EventTiming> MORNING_EVENTS = java.util.EnumSet.of(EventTiming.MORN,
            EventTiming.MORN_EARLY, EventTiming.MORN_LATE);

    static {
        for (EventTiming e : List.of(EventTiming.WAKE, EventTiming.MORN, EventTiming.MORN_EARLY, EventTiming.MORN_LATE,
                EventTiming.CM, EventTiming.ACM, EventTiming.PCM)) {
            PART.put(e, PartOfDay.MORNING);
        }
        for (EventTiming e : List.of(EventTiming.NOON, EventTiming.CD, EventTiming.ACD, EventTiming.PCD, EventTiming.AFT,
                EventTiming.AFT_EARLY, EventTiming.AFT_LATE)) {
            PART.put(e, PartOfDay.MIDDAY);
        }
        for (EventTiming e : List.of(EventTiming.EVE, EventTiming.EVE_EARLY, EventTiming.EVE_LATE, EventTiming.CV,
                EventTiming.ACV, EventTiming.PCV, EventTiming.HS, EventTiming.NIGHT, EventTiming.PHS)) {
            PART.put(e, PartOfDay.EVENING);
        }
        List.of(EventTiming.CM, EventTiming.ACM, EventTiming.PCM).forEach(e -> OCCASION.put(e, "breakfast"));
        List.of(EventTiming.CD, EventTiming.ACD, EventTiming.PCD).forEach(e -> OCCASION.put(e, "lunch"));
        List.of(EventTiming.CV, EventTiming.ACV, EventTiming.PCV).forEach(e -> OCCASION.put(e, "dinner"));
        List.of(EventTiming.C, EventTiming.AC, EventTiming.PC).forEach(e -> OCCASION.put(e, "a meal"));
        OCCASION.put(EventTiming.HS, "bedtime");
        OCCASION.put(EventTiming.WAKE, "waking");
    }

    private DoseTimes() {
    }

    /** A collision between a drug time and a supplement time, described for a clinician. */
    record Collision(DoseTime drug, DoseTime supplement, String description) {

        /** The description for a summary line: "both at breakfast (CM)", "only 3 h apart (11:00 / 08:00)". */
        String brief() {
            if (description.startsWith("both recorded")) {
                return "both" + description.substring("both recorded".length());
            }
            if (description.startsWith("drug at")) {
                int only = description.indexOf("only ");
                int end = description.indexOf(description.contains(" before ") ? " before " : " after ", only);
                return description.substring(only, end) + " apart (" + drug.label() + " / " + supplement.label() + ")";
            }
            return description;
        }
    }

    /** How the recorded times of a drug and a supplement relate. */
    enum Verdict {
        /** at least one pair of times is closer than the separation */
        CLASH,
        /** every pair is a pair of clock times far enough apart */
        SEPARATED,
        /** no clash shown, but event codes in different parts of the day do not prove the hours */
        DIFFERENT_PARTS,
        /** the drug or the supplement has no recorded time */
        NOT_RECORDED
    }

    /** The collisions and the verdict over all pairs of times. */
    record Assessment(Verdict verdict, List<Collision> collisions) {
    }

    static Assessment assess(List<DoseTime> drugTimes, List<DoseTime> supplementTimes, HourRange before,
                             HourRange after) {
        if (drugTimes.isEmpty() || supplementTimes.isEmpty()) {
            return new Assessment(Verdict.NOT_RECORDED, List.of());
        }
        List<Collision> found = collisions(drugTimes, supplementTimes, before, after);
        if (!found.isEmpty()) {
            return new Assessment(Verdict.CLASH, found);
        }
        boolean allClock = drugTimes.stream().allMatch(t -> t.clockTime().isPresent())
                && supplementTimes.stream().allMatch(t -> t.clockTime().isPresent());
        return new Assessment(allClock ? Verdict.SEPARATED : Verdict.DIFFERENT_PARTS, List.of());
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
                if (x.event().isPresent() && y.event().isPresent() && (sameMeal(x.event().get(), y.event().get())
                        || MORNING_EVENTS.contains(x.event().get()) && MORNING_EVENTS.contains(y.event().get()))) {
                    return true;
                }
                if (x.clockTime().isPresent() && x.clockTime().equals(y.clockTime())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The part of the day of a clock time: 04:00–10:59 morning, 11:00–16:59 midday, else evening and night. */
    static PartOfDay partOf(LocalTime t) {
        int h = t.getHour();
        return h >= 4 && h < 11 ? PartOfDay.MORNING : h >= 11 && h < 17 ? PartOfDay.MIDDAY : PartOfDay.EVENING;
    }

    private static Optional<String> collide(DoseTime drug, DoseTime supplement, HourRange before, HourRange after) {
        if (drug.event().isPresent() && supplement.event().isPresent()) {
            return eventsCollide(drug.event().get(), supplement.event().get());
        }
        if (drug.clockTime().isPresent() && supplement.clockTime().isPresent()) {
            return clockTimesCollide(drug.clockTime().get(), supplement.clockTime().get(), before, after);
        }
        EventTiming event = drug.event().orElseGet(() -> supplement.event().orElseThrow());
        LocalTime clock = drug.clockTime().orElseGet(() -> supplement.clockTime().orElseThrow());
        PartOfDay part = PART.get(event);
        if (part != null && part == partOf(clock)) {
            return Optional.of("both in the " + name(part) + " (" + drug.label() + " / " + supplement.label() + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> eventsCollide(EventTiming a, EventTiming b) {
        if (a == b) {
            return Optional.of("both recorded at " + OCCASION.getOrDefault(a, a.toCode()) + " (" + a.toCode() + ")");
        }
        if (sameMeal(a, b)) {
            String occasion = OCCASION.get(a).equals("a meal") ? OCCASION.get(b) : OCCASION.get(a);
            return Optional.of("both recorded at " + occasion + " (" + a.toCode() + " / " + b.toCode() + ")");
        }
        PartOfDay pa = PART.get(a);
        if (pa != null && pa == PART.get(b)) {
            return Optional.of("both recorded in the " + name(pa) + " (" + a.toCode() + " / " + b.toCode() + ")");
        }
        return Optional.empty();
    }

    private static Optional<String> clockTimesCollide(LocalTime d, LocalTime s, HourRange before, HourRange after) {
        long minutes = Duration.between(s, d).toMinutes();
        // a clock time of day wraps around midnight: use the shorter way round, signed
        if (minutes > 720) {
            minutes -= 1440;
        } else if (minutes < -720) {
            minutes += 1440;
        }
        if (minutes >= 0 && after != null && below(minutes, after.farEnd())) {
            return Optional.of("drug at " + d + " is only " + hours(minutes) + " after the supplement at " + s);
        }
        if (minutes <= 0 && before != null && below(-minutes, before.farEnd())) {
            return Optional.of("drug at " + d + " is only " + hours(-minutes) + " before the supplement at " + s);
        }
        return Optional.empty();
    }

    /** Same meal, or a meal code with no meal named (C, AC, PC) beside any meal code. */
    private static boolean sameMeal(EventTiming a, EventTiming b) {
        String oa = OCCASION.get(a);
        String ob = OCCASION.get(b);
        if (a == b) {
            return true;
        }
        if (oa == null || ob == null || !isMeal(oa) || !isMeal(ob)) {
            return false;
        }
        return oa.equals(ob) || oa.equals("a meal") || ob.equals("a meal");
    }

    private static boolean isMeal(String occasion) {
        return !occasion.equals("bedtime") && !occasion.equals("waking");
    }

    private static String name(PartOfDay part) {
        return switch (part) {
            case MORNING -> "morning";
            case MIDDAY -> "middle of the day";
            case EVENING -> "evening";
        };
    }

    private static boolean below(long minutes, BigDecimal minHours) {
        return BigDecimal.valueOf(minutes).compareTo(minHours.multiply(BigDecimal.valueOf(60))) < 0;
    }

    private static String hours(long minutes) {
        return minutes % 60 == 0 ? (minutes / 60) + " h" : (minutes / 60) + " h " + (minutes % 60) + " min";
    }
}
