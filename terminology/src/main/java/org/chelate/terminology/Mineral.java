package org.chelate.terminology;

import java.math.BigDecimal;

/**
 * The minerals Chelate tracks, with standard atomic weights in g/mol: magnesium and zinc as in
 * ../shared/clinical/facts.md; copper 63.546 is the IUPAC standard atomic weight (the facts file gives none).
 */
public enum Mineral {
    MAGNESIUM("Mg", new BigDecimal("24.305")),
    ZINC("Zn", new BigDecimal("65.38")),
    COPPER("Cu", new BigDecimal("63.546"));

    private final String symbol;
    private final BigDecimal atomicWeight;

    Mineral(String symbol, BigDecimal atomicWeight) {
        this.symbol = symbol;
        this.atomicWeight = atomicWeight;
    }

    public String symbol() {
        return symbol;
    }

    /** Grams per mole. */
    public BigDecimal atomicWeight() {
        return atomicWeight;
    }
}
