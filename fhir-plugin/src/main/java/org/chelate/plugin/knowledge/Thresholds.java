package org.chelate.plugin.knowledge;

/** The pack's thresholds. */
public record Thresholds(SerumRange serumMagnesium, SerumRange serumZinc, SerumRange serumCopper,
                         ChronicZincRule chronicZinc, KidneyRule kidney) {
}
