package org.chelate.plugin.knowledge;

/** Which dietary reference value an entry holds. */
public enum LimitKind {
    /** Tolerable upper intake level. */
    UL,
    /** Recommended dietary allowance. */
    RDA,
    /** Adequate intake, used where no RDA is set (infants). */
    AI
}
