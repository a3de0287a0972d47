package org.chelate.plugin.knowledge;

/** The sex a limit entry applies to. */
public enum SexCriterion {
    ANY,
    MALE,
    FEMALE;

    boolean matches(Sex sex) {
        return switch (this) {
            case ANY -> true;
            case MALE -> sex == Sex.MALE;
            case FEMALE -> sex == Sex.FEMALE;
        };
    }
}
