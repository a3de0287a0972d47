package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/**
 * Chronic high zinc intake without copper monitoring: supplemental zinc at or above {@code supplementalMgPerDay}
 * (or, if {@code orAboveUpperLimit}, total zinc above the UL) for at least {@code minWeeks}, with no copper lab
 * since the high intake started.
 */
public record ChronicZincRule(String id, boolean enabled, BigDecimal supplementalMgPerDay, Integer minWeeks,
                              boolean orAboveUpperLimit, String copperLabWindow, String note, List<String> sources) {

    public static final String SINCE_HIGH_INTAKE_STARTED = "SINCE_HIGH_INTAKE_STARTED";

    public ChronicZincRule {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
