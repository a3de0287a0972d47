package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;

/**
 * One mineral taken on a schedule, as recorded in one MedicationStatement or MedicationRequest. A product with two
 * minerals (e.g. magnesium + zinc tablet) gives two regimens with the same {@link #sourceReference()}.
 *
 * <p>Amounts are <b>elemental</b> milligrams; {@link #compoundMgPerDose()} is the salt weight when the record gave one.
 * A dose range ({@code doseRange}) or a frequency range ({@code frequencyMax}/{@code periodMax}, as-needed) gives
 * distinct low and high values; otherwise low == high.
 *
 * @param sourceReference        relative reference of the record, e.g. "MedicationStatement/123"
 * @param kind                   statement or request
 * @param mineral                the mineral
 * @param salt                   the salt when known
 * @param elementalMgPerDoseLow  elemental mg in one dose (low end)
 * @param elementalMgPerDoseHigh elemental mg in one dose (high end)
 * @param compoundMgPerDose      salt weight per dose (low end), when the record gave the salt's weight
 * @param dosesPerDayLow         doses a day (low end; 0 for as-needed without a minimum), may be fractional (weekly)
 * @param dosesPerDayHigh        doses a day (high end)
 * @param timesOfDay             recorded times of day (EventTiming codes and clock times), possibly empty
 * @param start                  first day, when recorded
 * @param end                    last day, when recorded
 * @param status                 status of the record
 * @param amountBasis            how the elemental amount was found
 * @param description            human-readable product text from the record (code display or text), for display
 * @param notes                  things a clinician should know about this record (e.g. "starts in the future")
 */
public record Regimen(
        String sourceReference,
        RecordKind kind,
        Mineral mineral,
        Optional<Salt> salt,
        BigDecimal elementalMgPerDoseLow,
        BigDecimal elementalMgPerDoseHigh,
        Optional<BigDecimal> compoundMgPerDose,
        BigDecimal dosesPerDayLow,
        BigDecimal dosesPerDayHigh,
        List<DoseTime> timesOfDay,
        Optional<LocalDate> start,
        Optional<LocalDate> end,
        RegimenStatus status,
        AmountBasis amountBasis,
        String description,
        List<String> notes) {

    private static final Set<RegimenStatus> TAKEN_WHILE_IN_PERIOD =
            EnumSet.of(RegimenStatus.ACTIVE, RegimenStatus.INTENDED);
    private static final Set<RegimenStatus> TAKEN_UNTIL_END = EnumSet.of(RegimenStatus.COMPLETED, RegimenStatus.STOPPED);

    public Regimen {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mineral, "mineral");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(elementalMgPerDoseLow, "elementalMgPerDoseLow");
        Objects.requireNonNull(elementalMgPerDoseHigh, "elementalMgPerDoseHigh");
        Objects.requireNonNull(compoundMgPerDose, "compoundMgPerDose");
        Objects.requireNonNull(dosesPerDayLow, "dosesPerDayLow");
        Objects.requireNonNull(dosesPerDayHigh, "dosesPerDayHigh");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(amountBasis, "amountBasis");
        Objects.requireNonNull(description, "description");
        timesOfDay = List.copyOf(timesOfDay);
        notes = List.copyOf(notes);
        if (elementalMgPerDoseLow.signum() < 0 || elementalMgPerDoseLow.compareTo(elementalMgPerDoseHigh) > 0) {
            throw new IllegalArgumentException("elemental mg per dose must satisfy 0 <= low <= high");
        }
        if (dosesPerDayLow.signum() < 0 || dosesPerDayLow.compareTo(dosesPerDayHigh) > 0) {
            throw new IllegalArgumentException("doses per day must satisfy 0 <= low <= high");
        }
    }

    /**
     * A regimen to suggest or order (not read from a record): elemental mg per dose, doses a day, times, start.
     * {@code sourceReference} is a placeholder ("new") until written with {@link RegimenWriter}.
     */
    public static Regimen planned(Mineral mineral, Optional<Salt> salt, BigDecimal elementalMgPerDose,
            BigDecimal dosesPerDay, List<DoseTime> timesOfDay, Optional<LocalDate> start, String description) {
        return new Regimen("new", RecordKind.MEDICATION_REQUEST, mineral, salt, elementalMgPerDose, elementalMgPerDose,
                Optional.empty(), dosesPerDay, dosesPerDay, timesOfDay, start, Optional.empty(), RegimenStatus.ACTIVE,
                AmountBasis.STATED_ELEMENTAL, description, List.of());
    }

    /** The same regimen with another elemental dose (e.g. lowered to keep a total within the UL); the salt weight is dropped. */
    public Regimen withElementalMgPerDose(BigDecimal low, BigDecimal high) {
        return new Regimen(sourceReference, kind, mineral, salt, low, high, Optional.empty(), dosesPerDayLow,
                dosesPerDayHigh, timesOfDay, start, end, status, AmountBasis.STATED_ELEMENTAL, description, notes);
    }

    /** The same regimen with another status (e.g. DRAFT for a proposal). */
    public Regimen withStatus(RegimenStatus newStatus) {
        return new Regimen(sourceReference, kind, mineral, salt, elementalMgPerDoseLow, elementalMgPerDoseHigh,
                compoundMgPerDose, dosesPerDayLow, dosesPerDayHigh, timesOfDay, start, end, newStatus, amountBasis,
                description, notes);
    }

    /** The same regimen with one more note. */
    public Regimen withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new Regimen(sourceReference, kind, mineral, salt, elementalMgPerDoseLow, elementalMgPerDoseHigh,
                compoundMgPerDose, dosesPerDayLow, dosesPerDayHigh, timesOfDay, start, end, status, amountBasis,
                description, more);
    }

    /** Elemental mg a day, low end: dose low × doses-per-day low. */
    public BigDecimal dailyElementalMgLow() {
        return elementalMgPerDoseLow.multiply(dosesPerDayLow);
    }

    /** Elemental mg a day, high end: dose high × doses-per-day high. */
    public BigDecimal dailyElementalMgHigh() {
        return elementalMgPerDoseHigh.multiply(dosesPerDayHigh);
    }

    /**
     * Whether the record says the mineral is taken on {@code date}: an active (or intended) record whose period holds
     * the date, or a completed/stopped record whose recorded period holds it. Records without an end that are
     * completed or stopped, and not-taken, on-hold, cancelled, draft, entered-in-error and unknown ones, never count.
     */
    public boolean isActiveOn(LocalDate date) {
        boolean afterStart = start.map(s -> !date.isBefore(s)).orElse(true);
        boolean beforeEnd = end.map(e -> !date.isAfter(e)).orElse(true);
        if (TAKEN_WHILE_IN_PERIOD.contains(status)) {
            return afterStart && beforeEnd;
        }
        if (TAKEN_UNTIL_END.contains(status)) {
            return end.isPresent() && afterStart && beforeEnd;
        }
        return false;
    }
}
