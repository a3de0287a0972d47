package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/**
 * Magnesium with reduced kidney function, by KDIGO GFR category (facts.md "Kidney" row): eGFR below
 * {@code monitorBelow} (G3b) with regular magnesium → monitor serum magnesium; below {@code warningBelow} (G4) →
 * warning; below {@code criticalBelow} (G5) → critical. {@code noTemplateBelow}: no supplement template and no lowered
 * dose is ever offered below it (facts.md: never a template at eGFR &lt; 30).
 */
public record KidneyRule(String id, boolean enabled, BigDecimal monitorBelow, BigDecimal warningBelow,
                         BigDecimal criticalBelow, BigDecimal noTemplateBelow, String disabledReason, String note,
                         List<String> sources) {

    public KidneyRule {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
