package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/** Low eGFR with a magnesium supplement. Shipped disabled until its cut-off has a verified source. */
public record KidneyRule(String id, boolean enabled, BigDecimal egfrBelow, String disabledReason, String note,
                         List<String> sources) {

    public KidneyRule {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
