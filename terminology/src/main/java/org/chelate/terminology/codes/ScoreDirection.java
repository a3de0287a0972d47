package org.chelate.terminology.codes;

public enum ScoreDirection {
    HIGHER_IS_WORSE,
    HIGHER_IS_BETTER
}
