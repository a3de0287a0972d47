package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.hl7.fhir.r4.model.Timing.TimingRepeatComponent;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;

/**
 * Reads doses per day and times of day from a Dosage: {@code Timing.repeat} (frequency/frequencyMax per
 * period/periodMax periodUnit; else the number of {@code when}/{@code timeOfDay} entries a day), else the
 * {@code Timing.code} abbreviation (BID, TID, QD, ...), else the sig phrases of {@code Dosage.text}.
 * As-needed doses have a low of 0.
 */
final class TimingReader {

    static final MathContext MATH = MathContext.DECIMAL64;
    static final String TIMING_ABBREVIATION = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";

    /** Days in one period unit; months and years as UCUM defines them (30.4375 d, 365.25 d). */
    private static final Map<UnitsOfTime, BigDecimal> DAYS_PER_UNIT = Map.of(
            UnitsOfTime.S, BigDecimal.ONE.divide(new BigDecimal("86400"), MATH),
            UnitsOfTime.MIN, BigDecimal.ONE.divide(new BigDecimal("1440"), MATH),
            UnitsOfTime.H, BigDecimal.ONE.divide(new BigDecimal("24"), MATH),
            UnitsOfTime.D, BigDecimal.ONE,
            UnitsOfTime.WK, new BigDecimal("7"),
            UnitsOfTime.MO, new BigDecimal("30.4375"),
            UnitsOfTime.A, new BigDecimal("365.25"));

    private record Abbreviation(BigDecimal perDay, Optional<EventTiming> event) {
    }

    /** The timing-abbreviation value set of R4 (Timing.code), doses a day and the time of day it implies. */
    private static final Map<String, Abbreviation> ABBREVIATIONS = Map.ofEntries(
            Map.entry("QD", new Abbreviation(BigDecimal.ONE, Optional.empty())),
            Map.entry("BID", new Abbreviation(new BigDecimal("2"), Optional.empty())),
            Map.entry("TID", new Abbreviation(new BigDecimal("3"), Optional.empty())),
            Map.entry("QID", new Abbreviation(new BigDecimal("4"), Optional.empty())),
            Map.entry("AM", new Abbreviation(BigDecimal.ONE, Optional.of(EventTiming.MORN))),
            Map.entry("PM", new Abbreviation(BigDecimal.ONE, Optional.of(EventTiming.AFT))),
            Map.entry("BED", new Abbreviation(BigDecimal.ONE, Optional.of(EventTiming.HS))),
            Map.entry("QOD", new Abbreviation(new BigDecimal("0.5"), Optional.empty())),
            Map.entry("Q1H", new Abbreviation(new BigDecimal("24"), Optional.empty())),
            Map.entry("Q2H", new Abbreviation(new BigDecimal("12"), Optional.empty())),
            Map.entry("Q3H", new Abbreviation(new BigDecimal("8"), Optional.empty())),
            Map.entry("Q4H", new Abbreviation(new BigDecimal("6"), Optional.empty())),
            Map.entry("Q6H", new Abbreviation(new BigDecimal("4"), Optional.empty())),
            Map.entry("Q8H", new Abbreviation(new BigDecimal("3"), Optional.empty())),
            Map.entry("WK", new Abbreviation(BigDecimal.ONE.divide(new BigDecimal("7"), MATH), Optional.empty())),
            Map.entry("MO", new Abbreviation(BigDecimal.ONE.divide(new BigDecimal("30.4375"), MATH), Optional.empty())));

    private TimingReader() {
    }

    static Schedule read(Dosage dosage, List<String> otherTexts) {
        Timing timing = dosage.hasTiming() ? dosage.getTiming() : new Timing();
        TimingRepeatComponent repeat = timing.hasRepeat() ? timing.getRepeat() : new TimingRepeatComponent();
        boolean asNeeded = isAsNeeded(dosage);
        List<String> notes = new ArrayList<>();
        List<DoseTime> times = times(repeat);

        BigDecimal low;
        BigDecimal high;
        if (repeat.hasFrequency() || repeat.hasPeriod()) {
            if (!repeat.hasPeriod()) {
                throw new MappingProblem(UnmappedReason.MISSING_FREQUENCY,
                        "Timing.repeat has a frequency (" + repeat.getFrequency() + ") but no period");
            }
            BigDecimal days = periodDays(repeat.getPeriodElement().getValue(), repeat.getPeriodUnit());
            BigDecimal daysMax = repeat.hasPeriodMax() ? periodDays(repeat.getPeriodMax(), repeat.getPeriodUnit()) : days;
            BigDecimal frequency = BigDecimal.valueOf(repeat.hasFrequency() ? repeat.getFrequency() : 1);
            BigDecimal frequencyMax = repeat.hasFrequencyMax() ? BigDecimal.valueOf(repeat.getFrequencyMax()) : frequency;
            low = frequency.divide(daysMax, MATH);
            high = frequencyMax.divide(days, MATH);
        } else if (!times.isEmpty()) {
            low = BigDecimal.valueOf(times.size());
            high = low;
        } else if (timing.hasCode() && abbreviation(timing.getCode()).isPresent()) {
            Abbreviation abbreviation = abbreviation(timing.getCode()).get();
            low = abbreviation.perDay();
            high = low;
            abbreviation.event().ifPresent(e -> times.add(DoseTime.of(e)));
        } else {
            Optional<BigDecimal> fromText = textFrequency(dosage, otherTexts);
            if (fromText.isPresent()) {
                low = fromText.get();
                high = low;
                notes.add("frequency read from the text of the record");
                timesFromText(dosage.getText()).ifPresent(times::add);
            } else if (asNeeded) {
                throw new MappingProblem(UnmappedReason.MISSING_FREQUENCY,
                        "taken as needed, with no frequency or maximum recorded");
            } else {
                throw new MappingProblem(UnmappedReason.MISSING_FREQUENCY,
                        "no frequency, period, time of day or timing code recorded");
            }
        }
        if (asNeeded) {
            low = BigDecimal.ZERO;
            notes.add("taken as needed: the low end assumes no dose");
        }

        Optional<LocalDate> boundsStart = Optional.empty();
        Optional<LocalDate> boundsEnd = Optional.empty();
        if (repeat.hasBoundsPeriod()) {
            Period bounds = repeat.getBoundsPeriod();
            boundsStart = Dates.firstDay(bounds.getStartElement());
            boundsEnd = Dates.lastDay(bounds.getEndElement());
        } else if (repeat.hasBoundsDuration()) {
            notes.add("course length " + describe(repeat.getBoundsDuration()) + " (end derived from the start)");
        }
        return new Schedule(low, high, times, boundsStart, boundsEnd, notes);
    }

    /** Days a boundsDuration spans, when it is in a time unit. */
    static Optional<Long> durationDays(Dosage dosage) {
        if (!dosage.hasTiming() || !dosage.getTiming().hasRepeat() || !dosage.getTiming().getRepeat().hasBoundsDuration()) {
            return Optional.empty();
        }
        Duration duration = dosage.getTiming().getRepeat().getBoundsDuration();
        if (!duration.hasValue() || !duration.hasCode()) {
            return Optional.empty();
        }
        try {
            UnitsOfTime unit = UnitsOfTime.fromCode(duration.getCode());
            return Optional.of(duration.getValue().multiply(DAYS_PER_UNIT.get(unit)).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String describe(Duration duration) {
        return (duration.hasValue() ? duration.getValue().toPlainString() : "?") + " "
                + (duration.hasUnit() ? duration.getUnit() : duration.getCode());
    }

    private static boolean isAsNeeded(Dosage dosage) {
        if (dosage.hasAsNeededBooleanType()) {
            return dosage.getAsNeededBooleanType().booleanValue();
        }
        return dosage.hasAsNeededCodeableConcept();
    }

    private static List<DoseTime> times(TimingRepeatComponent repeat) {
        List<DoseTime> times = new ArrayList<>();
        for (Enumeration<EventTiming> when : repeat.getWhen()) {
            if (when.getValue() != null && when.getValue() != EventTiming.NULL) {
                times.add(DoseTime.of(when.getValue()));
            }
        }
        for (TimeType time : repeat.getTimeOfDay()) {
            if (time.hasValue()) {
                times.add(DoseTime.at(LocalTime.parse(time.getValue())));
            }
        }
        return times;
    }

    private static BigDecimal periodDays(BigDecimal period, UnitsOfTime unit) {
        if (period == null || period.signum() <= 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "Timing.repeat.period must be positive, got " + period);
        }
        if (unit == null || unit == UnitsOfTime.NULL) {
            throw new MappingProblem(UnmappedReason.MISSING_FREQUENCY, "Timing.repeat.period has no periodUnit");
        }
        return period.multiply(DAYS_PER_UNIT.get(unit), MATH);
    }

    private static Optional<Abbreviation> abbreviation(CodeableConcept code) {
        for (Coding coding : code.getCoding()) {
            if (coding.hasCode() && (!coding.hasSystem() || TIMING_ABBREVIATION.equals(coding.getSystem()))) {
                Abbreviation found = ABBREVIATIONS.get(coding.getCode().toUpperCase(java.util.Locale.ROOT));
                if (found != null) {
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<BigDecimal> textFrequency(Dosage dosage, List<String> otherTexts) {
        List<String> texts = new ArrayList<>();
        texts.add(dosage.getText());
        texts.add(dosage.getPatientInstruction());
        if (dosage.hasTiming() && dosage.getTiming().hasCode()) {
            texts.add(dosage.getTiming().getCode().getText());
        }
        texts.addAll(otherTexts);
        for (String text : texts) {
            Optional<BigDecimal> found = FrequencyText.dosesPerDay(text);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<DoseTime> timesFromText(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches(".*\\b(at bedtime|before bed|qhs|hs|nightly)\\b.*")) {
            return Optional.of(DoseTime.of(EventTiming.HS));
        }
        if (lower.matches(".*\\b(every morning|each morning|in the morning)\\b.*")) {
            return Optional.of(DoseTime.of(EventTiming.MORN));
        }
        return Optional.empty();
    }
}
