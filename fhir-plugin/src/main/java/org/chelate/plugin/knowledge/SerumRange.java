package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/**
 * A serum reference range in mmol/L, used only when the reporting lab gives none. Where facts.md holds none,
 * low/high are null and {@code useLabReferenceRange} says the lab's own range is shown instead. The critical bounds
 * (magnesium: below 0.5, at or above 2 mmol/L) apply whatever the lab's range and the medication list.
 */
public record SerumRange(String id, boolean enabled, BigDecimal lowMmolPerL, BigDecimal highMmolPerL,
                         boolean useLabReferenceRange, String note, List<String> sources,
                         BigDecimal criticalBelowMmolPerL, BigDecimal criticalAtOrAboveMmolPerL, String criticalNote,
                         List<String> criticalSources) {

    public SerumRange {
        sources = sources == null ? List.of() : List.copyOf(sources);
        criticalSources = criticalSources == null ? List.of() : List.copyOf(criticalSources);
    }

    public boolean hasPackRange() {
        return lowMmolPerL != null && highMmolPerL != null;
    }
}
