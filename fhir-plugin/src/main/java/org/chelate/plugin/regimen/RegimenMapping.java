package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.chelate.terminology.Mineral;

/**
 * What the mapper made of a patient's medication records: the regimens, and every record that gave none with the reason.
 */
public record RegimenMapping(List<Regimen> regimens, List<UnmappedStatement> unmapped) {

    /** Elemental mg/day above which a record is taken for an entry error (the CDS service's default as well). */
    public static final BigDecimal DEFAULT_MAX_PLAUSIBLE_DAILY_MG = new BigDecimal("100000");

    public RegimenMapping {
        regimens = List.copyOf(regimens);
        unmapped = List.copyOf(unmapped);
    }

    /** Daily elemental totals per mineral over the regimens active on {@code date}; minerals with none are absent. */
    public Map<Mineral, DailyTotal> dailyTotals(LocalDate date) {
        Map<Mineral, List<Regimen>> byMineral = new EnumMap<>(Mineral.class);
        for (Regimen regimen : regimens) {
            if (regimen.isActiveOn(date)) {
                byMineral.computeIfAbsent(regimen.mineral(), m -> new ArrayList<>()).add(regimen);
            }
        }
        Map<Mineral, DailyTotal> totals = new EnumMap<>(Mineral.class);
        byMineral.forEach((mineral, list) -> {
            BigDecimal low = list.stream().map(Regimen::dailyElementalMgLow).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal high = list.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
            totals.put(mineral, new DailyTotal(mineral, low, high, list));
        });
        return Collections.unmodifiableMap(totals);
    }

    /**
     * The same mapping with every record whose daily amount of any mineral is above {@code maxPlausibleDailyMg} moved to
     * {@link #unmapped()} ({@link UnmappedReason#IMPLAUSIBLE_AMOUNT}): left out of totals, named with the reason.
     * This is input validation (a typo such as 150,000 mg/day), not a clinical limit.
     */
    public RegimenMapping withoutImplausible(BigDecimal maxPlausibleDailyMg) {
        java.util.Map<String, Regimen> implausible = new java.util.LinkedHashMap<>();
        for (Regimen r : regimens) {
            if (r.dailyElementalMgHigh().compareTo(maxPlausibleDailyMg) > 0) {
                implausible.putIfAbsent(r.sourceReference(), r);
            }
        }
        if (implausible.isEmpty()) {
            return this;
        }
        List<UnmappedStatement> more = new ArrayList<>(unmapped);
        implausible.values().forEach(r -> more.add(new UnmappedStatement(r.sourceReference(),
                UnmappedReason.IMPLAUSIBLE_AMOUNT, r.dailyElementalMgHigh().setScale(0, java.math.RoundingMode.HALF_UP)
                        .toPlainString() + " mg/day of " + r.mineral().name().toLowerCase(java.util.Locale.ROOT)
                        + " is more than any real intake (above " + maxPlausibleDailyMg.stripTrailingZeros().toPlainString()
                        + " mg/day): likely an entry error, left out of the totals", r.description(), List.of(r.mineral()))));
        List<Regimen> kept = regimens.stream().filter(r -> !implausible.containsKey(r.sourceReference())).toList();
        return new RegimenMapping(kept, more);
    }

    /** Regimens of one mineral (any status, any date). */
    public List<Regimen> regimensOf(Mineral mineral) {
        return regimens.stream().filter(r -> r.mineral() == mineral).toList();
    }
}
