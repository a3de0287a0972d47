package org.chelate.plugin.knowledge;

/** Which people a limit entry applies to. */
public enum Population {
    /** Everyone in the age band, pregnant and lactating people included (the ULs). */
    ALL,
    /** Everyone in the age band who is neither known pregnant nor lactating. */
    GENERAL,
    PREGNANCY,
    LACTATION
}
