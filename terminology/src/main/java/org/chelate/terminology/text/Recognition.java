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
 */
public record Recognition(Mineral mineral, Optional<Salt> salt, Optional<BigDecimal> strengthMg,
                          boolean statedAsElemental, double confidence, List<String> matchedTokens) {

    public Recognition {
        matchedTokens = List.copyOf(matchedTokens);
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
