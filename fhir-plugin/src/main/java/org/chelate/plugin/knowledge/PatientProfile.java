package org.chelate.plugin.knowledge;

import java.time.LocalDate;
import java.time.Period;
import java.util.Objects;

/**
 * What the limit tables need to know about a patient.
 *
 * @param ageInMonths completed months of age at the date of interest (the hook's date)
 */
public record PatientProfile(int ageInMonths, Sex sex, PregnancyStatus pregnancy, boolean lactating) {

    public PatientProfile {
        if (ageInMonths < 0) {
            throw new IllegalArgumentException("age must not be negative: " + ageInMonths + " months");
        }
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(pregnancy, "pregnancy");
    }

    /** Age from a birth date at a given date (ages come from Patient.birthDate at the hook's date). */
    public static PatientProfile of(LocalDate birthDate, LocalDate onDate, Sex sex, PregnancyStatus pregnancy,
                                    boolean lactating) {
        if (birthDate.isAfter(onDate)) {
            throw new IllegalArgumentException("birth date " + birthDate + " is after " + onDate);
        }
        return new PatientProfile((int) Period.between(birthDate, onDate).toTotalMonths(), sex, pregnancy, lactating);
    }

    public static PatientProfile ofYears(int ageYears, Sex sex, PregnancyStatus pregnancy, boolean lactating) {
        return new PatientProfile(Math.multiplyExact(ageYears, 12), sex, pregnancy, lactating);
    }

    public int ageYears() {
        return ageInMonths / 12;
    }
}
