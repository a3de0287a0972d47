package org.chelate.plugin.knowledge;

/** Administrative sex as recorded in Patient.gender. */
public enum Sex {
    MALE,
    FEMALE,
    OTHER,
    UNKNOWN;

    /** Maps a FHIR Patient.gender code (male, female, other, unknown; null allowed). */
    public static Sex fromFhirGender(String code) {
        if (code == null) {
            return UNKNOWN;
        }
        return switch (code.toLowerCase(java.util.Locale.ROOT)) {
            case "male" -> MALE;
            case "female" -> FEMALE;
            case "other" -> OTHER;
            default -> UNKNOWN;
        };
    }
}
