package org.chelate.plugin.guidance;

/** The parts of a patient's record a rule needs; a rule whose input could not be obtained is skipped. */
public enum Input {
    PATIENT,
    MEDICATIONS,
    OBSERVATIONS,
    CONDITIONS
}
