package org.chelate.plugin.regimen;

/** How the number of a label or a record reads (facts.md, "Reading an amount"; 21 CFR 101.36). */
enum NumberReading {
    /** The mineral's own amount: bare mineral name, "(as …)"/"from …", "elemental", mmol/mEq. */
    ELEMENTAL,
    /** The salt's weight: a drug product named by its salt and strength; converted with the elemental fraction. */
    COMPOUND,
    /** A salt named with a number and no "as"/"from": low = the number as the salt's weight, high = as the mineral. */
    AMBIGUOUS
}
