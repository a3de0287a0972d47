package org.chelate.terminology.salt;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.chelate.terminology.Mineral;

/**
 * A mineral salt in the Chelate supplement code system.
 *
 * @param code     code in {@link org.chelate.terminology.codes.ChelateSystems#SUPPLEMENT}
 * @param display  preferred name, e.g. "magnesium bisglycinate"
 * @param mineral  the mineral the salt delivers
 * @param formula  molecular formula, hydrate water after a middle dot, e.g. "MgCl2·6H2O"
 * @param synonyms names used on labels and in EHR free text ("glycinate", "bisglycinate chelate")
 */
public record Salt(String code, String display, Mineral mineral, String formula, List<String> synonyms) {

    public Salt {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(display, "display");
        Objects.requireNonNull(mineral, "mineral");
        Objects.requireNonNull(formula, "formula");
        synonyms = List.copyOf(synonyms);
    }

    /** Mass fraction of the mineral in the salt (0..1), computed from {@link #formula()} with the facts-file atomic weights. */
    public BigDecimal elementalFraction() {
        return ChemicalFormula.parse(formula).massFraction(mineral.symbol());
    }
}
