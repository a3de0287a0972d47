package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/**
 * A serum reference range in mmol/L. Where facts.md holds none, low/high are null and
 * {@code useLabReferenceRange} says the lab's own range is shown instead.
 */
public record SerumRange(String id, boolean enabled, BigDecimal lowMmolPerL, BigDecimal highMmolPerL,
                         boolean useLabReferenceRange, String note, List<String> sources) {

    public SerumRange {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    public boolean hasPackRange() {
        return lowMmolPerL != null && highMmolPerL != null;
    }
}
