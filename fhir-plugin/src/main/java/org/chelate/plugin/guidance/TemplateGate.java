package org.chelate.plugin.guidance;

import java.util.List;

/**
 * A supplement template is never shown beside a warning or a critical card (e.g. an order-sign whose order draws an
 * upper-limit warning): the clinician has something to fix first. Applied to each call's final set of findings.
 */
public final class TemplateGate {

    private TemplateGate() {
    }

    public static List<Finding> apply(List<Finding> findings) {
        boolean alarmed = findings.stream().anyMatch(f -> f.severity() != Severity.INFO);
        if (!alarmed || findings.stream().noneMatch(f -> f.type() == CardType.REGIMEN_TEMPLATE)) {
            return findings;
        }
        return findings.stream().filter(f -> f.type() != CardType.REGIMEN_TEMPLATE).toList();
    }
}
