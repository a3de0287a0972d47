package org.chelate.plugin.knowledge;

/** What intake a limit is compared with: the magnesium UL covers supplements only, the zinc UL covers food too. */
public enum IntakeBasis {
    SUPPLEMENTAL,
    TOTAL
}
