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

    /** Regimens of one mineral (any status, any date). */
    public List<Regimen> regimensOf(Mineral mineral) {
        return regimens.stream().filter(r -> r.mineral() == mineral).toList();
    }
}
