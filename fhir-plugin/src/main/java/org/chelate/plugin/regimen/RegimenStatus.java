package org.chelate.plugin.regimen;

import java.util.Locale;

/** Status of the source record, folded over MedicationStatement and MedicationRequest status codes. */
public enum RegimenStatus {
    ACTIVE("active"),
    INTENDED("intended"),
    ON_HOLD("on-hold"),
    COMPLETED("completed"),
    STOPPED("stopped"),
    NOT_TAKEN("not-taken"),
    CANCELLED("cancelled"),
    DRAFT("draft"),
    ENTERED_IN_ERROR("entered-in-error"),
    UNKNOWN("unknown");

    private final String code;

    RegimenStatus(String code) {
        this.code = code;
    }

    /** The FHIR status code this value came from (shared by MedicationStatement and MedicationRequest where they overlap). */
    public String code() {
        return code;
    }

    public static RegimenStatus fromCode(String code) {
        if (code == null) {
            return UNKNOWN;
        }
        String wanted = code.trim().toLowerCase(Locale.ROOT);
        for (RegimenStatus status : values()) {
            if (status.code.equals(wanted)) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
