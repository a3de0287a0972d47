package org.chelate.plugin.observation;

/** How the patient's change on an instrument compares with the configured minimal important difference. */
public enum MidOutcome {
    /** Changed in the better direction by at least the MID. */
    IMPROVED_BY_AT_LEAST_MID,
    /** Changed in the worse direction by at least the MID. */
    WORSENED_BY_AT_LEAST_MID,
    /** Changed by less than the MID either way. */
    WITHIN_MID,
    /** No MID configured for the instrument: the change is reported without a judgement. */
    NO_MID_CONFIGURED,
    /** No score before the regimen started, or none after it. */
    NOT_ENOUGH_DATA
}
