package org.chelate.terminology.salt;

import java.math.BigDecimal;
import java.util.Map;
import org.chelate.terminology.Mineral;

/**
 * Standard atomic weights (g/mol) used for elemental fractions: the values of ../shared/clinical/facts.md
 * (Mg, Zn, C, H, N, O, S, Cl); copper from {@link Mineral#COPPER} (IUPAC standard atomic weight 63.546).
 */
public final class AtomicWeights {

    private static final Map<String, BigDecimal> WEIGHTS = Map.of(
            "Mg", Mineral.MAGNESIUM.atomicWeight(),
            "Zn", Mineral.ZINC.atomicWeight(),
            "Cu", Mineral.COPPER.atomicWeight(),
            "C", new BigDecimal("12.011"),
            "H", new BigDecimal("1.008"),
            "N", new BigDecimal("14.007"),
            "O", new BigDecimal("15.999"),
            "S", new BigDecimal("32.06"),
            "Cl", new BigDecimal("35.45"));

    private AtomicWeights() {
    }

    /** @throws IllegalArgumentException for an element without a weight here */
    public static BigDecimal of(String element) {
        BigDecimal w = WEIGHTS.get(element);
        if (w == null) {
            throw new IllegalArgumentException("no atomic weight for element '" + element + "'");
        }
        return w;
    }
}
