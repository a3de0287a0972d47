package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/** Elemental mg in one dose of one mineral (low/high), the salt weight when converted, and how it was found. */
record Dose(BigDecimal elementalLow, BigDecimal elementalHigh, Optional<BigDecimal> compoundLow,
            AmountBasis basis, List<String> notes) {
}
