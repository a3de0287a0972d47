package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.chelate.terminology.Mineral;

/** Elemental mg a day of one mineral over the regimens active on a date. */
public record DailyTotal(Mineral mineral, BigDecimal lowMg, BigDecimal highMg, List<Regimen> contributing) {
    public DailyTotal {
        Objects.requireNonNull(mineral, "mineral");
        Objects.requireNonNull(lowMg, "lowMg");
        Objects.requireNonNull(highMg, "highMg");
        contributing = List.copyOf(contributing);
    }
}
