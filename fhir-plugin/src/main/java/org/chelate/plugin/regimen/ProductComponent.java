package org.chelate.plugin.regimen;

import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;
import org.hl7.fhir.r4.model.Quantity;

/**
 * One mineral of a product, with its per-unit strength when the record gives one.
 *
 * @param mineral          the mineral
 * @param salt             the salt, when coded or named
 * @param strength         per-unit strength (Medication.ingredient.strength, or a strength stated in text)
 * @param mineralFromText  the mineral was recognised from text, not from a code
 * @param basisOverride    the dose-basis extension on the ingredient, if any ("elemental"/"compound")
 */
record ProductComponent(Mineral mineral, Optional<Salt> salt, Optional<Strength> strength, boolean mineralFromText,
                        Optional<String> basisOverride) {

    /**
     * Amount per unit: numerator per denominator (e.g. 400 mg / 1 tablet, 250 mg / 5 mL).
     *
     * @param numerator    the amount (mass or substance)
     * @param denominator  the unit it is per; empty = one unit (tablet, capsule, ...)
     * @param elemental    the numerator is elemental (mineral-coded ingredient, "(as ...)" text, or the extension)
     * @param fromText     stated in free text rather than in Medication.ingredient.strength
     */
    record Strength(Quantity numerator, Optional<Quantity> denominator, boolean elemental, boolean fromText) {
    }

    ProductComponent withStrength(Strength newStrength) {
        return new ProductComponent(mineral, salt, Optional.of(newStrength), mineralFromText, basisOverride);
    }
}
