package org.chelate.terminology.codes;

import java.util.List;

/**
 * An interacting drug ingredient.
 *
 * @param code     code in {@link ChelateSystems#INTERACTING_DRUG}
 * @param name     ingredient name, lower case ("doxycycline")
 * @param drugClass its class
 * @param rxnorm   RxNorm ingredient RXCUI, or null when none was verified
 * @param rxnormVerified whether the RXCUI was checked against a public source
 * @param synonyms other names found in drug text (salts, brand names)
 * @param atc      WHO ATC codes of the substance (may be empty)
 */
public record InteractingDrug(String code, String name, DrugClass drugClass, String rxnorm, boolean rxnormVerified,
                              List<String> synonyms, List<String> atc) {
    public InteractingDrug {
        synonyms = List.copyOf(synonyms);
        atc = List.copyOf(atc);
    }

    public InteractingDrug(String code, String name, DrugClass drugClass, String rxnorm, boolean rxnormVerified,
                           List<String> synonyms) {
        this(code, name, drugClass, rxnorm, rxnormVerified, synonyms, List.of());
    }
}
