package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import org.chelate.terminology.Mineral;

/** A daily elemental dose range within a regimen template. */
public record TemplateDose(Mineral mineral, BigDecimal lowMg, BigDecimal highMg) {
}
