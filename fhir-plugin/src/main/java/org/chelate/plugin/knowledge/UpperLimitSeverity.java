package org.chelate.plugin.knowledge;

import java.math.BigDecimal;

/**
 * The upper-limit severity ladder and the contexts that lower it (policy, see {@link PackPolicy}).
 *
 * @param criticalAtOrAboveMultiple  a daily total at or above this many times the UL is critical (above the UL:
 *                                   warning)
 * @param contextAdultFromYears      the contexts below apply from this age; children keep their warnings
 * @param asNeededMagnesium          magnesium above the UL only through as-needed use (laxative, antacid) is info
 *                                   when the latest eGFR is at least {@code normalEgfrAtLeast}
 * @param normalEgfrAtLeast          KDIGO G1–G2 (mL/min/1.73 m²)
 * @param wilsonDiseaseZinc          zinc with a coded Wilson disease problem is info (above the UL by design)
 * @param coldLozengeCourse          a zinc lozenge course recorded with an end at most {@code coldLozengeMaxDays}
 *                                   after its start is info (a short course above the UL is intended)
 * @param coldLozengeMaxDays         what "short" means for a recorded lozenge course
 */
public record UpperLimitSeverity(BigDecimal criticalAtOrAboveMultiple, Integer contextAdultFromYears,
                                 boolean asNeededMagnesium, BigDecimal normalEgfrAtLeast, boolean wilsonDiseaseZinc,
                                 boolean coldLozengeCourse, Integer coldLozengeMaxDays) {
}
