package org.chelate.plugin.knowledge;

/** Pregnancy status; UNKNOWN means the non-pregnant limits are used, and the card says so. */
public enum PregnancyStatus {
    KNOWN_PREGNANT,
    NOT_PREGNANT,
    UNKNOWN
}
