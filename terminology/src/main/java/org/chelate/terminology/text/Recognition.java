package org.chelate.terminology.text;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;

/**
 * A supplement recognised in free text.
 *
 * @param mineral            the mineral named in the text (never inferred from a brand or an unnamed product)
 * @param salt               the salt, when named
 * @param strengthMg         the stated strength per unit (tablet/capsule/lozenge) converted to mg, when stated with a mass unit
 * @param statedAsElemental  true when the strength is the elemental amount (mineral named with no salt, or
 *                           "magnesium (as glycinate) 120 mg"); false when it is the weight of the named salt
 *                           ("magnesium glycinate 500 mg") or when no strength is stated
 * @param confidence         0..1; see docs/terminology.md for how it is computed
 * @param matchedTokens      the words of the text the recognition rests on
 * @param elementalForm      the text's form says an amount is elemental, with or without a strength: the bare
 *                           mineral ("Zinc 50 mg"), "(as …)"/"from …" (21 CFR 101.36), or the word "elemental".
 *                           False when a salt is named with a number and no "as" ("Magnesium glycinate 200 mg")
 * @param perVolumeMl        the strength is per this many mL ("400 mg/5 mL" gives 5), when stated per volume
 */
public record Recognition(Mineral mineral, Optional<Salt> salt, Optional<BigDecimal> strengthMg,
                          boolean statedAsElemental, double confidence, List<String> matchedTokens,
                          boolean elementalForm, Optional<BigDecimal> perVolumeMl) {

    public Recognition {
        matchedTokens = List.copyOf(matchedTokens);
    }

    /** A recognition of a per-unit strength (no volume), elemental form as stated. */
    public Recognition(Mineral mineral, Optional<Salt> salt, Optional<BigDecimal> strengthMg,
                       boolean statedAsElemental, double confidence, List<String> matchedTokens) {
        this(mineral, salt, strengthMg, statedAsElemental, confidence, matchedTokens,
                statedAsElemental || salt.isEmpty(), Optional.empty());
    }

    /** A salt named with a number and no "as"/"from": the number may be the salt's weight or the mineral's. */
    public boolean saltNamedWithoutAs() {
        return salt.isPresent() && !elementalForm;
    }

    /** Elemental mg per unit: the stated strength if elemental, else computed from the salt; empty if unknown. */
    public Optional<BigDecimal> elementalMg() {
        if (strengthMg.isEmpty()) {
            return Optional.empty();
        }
        if (statedAsElemental) {
            return strengthMg;
        }
        return salt.map(s -> org.chelate.terminology.salt.SaltTable.standard().elementalMilligrams(s, strengthMg.get()));
    }
}
