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
 * @param strength         per-unit strength (Medication.ingredient.strength, a strength stated in text, or a label's)
 * @param mineralFromText  the mineral was recognised from text, not from a code
 * @param basisOverride    the dose-basis extension on the ingredient, if any ("elemental"/"compound")
 * @param textReading      how a mass dose of this component reads when only text names it; empty when coded
 * @param notes            what the reading assumed (a hydrate, a product strength), said on the card
 */
record ProductComponent(Mineral mineral, Optional<Salt> salt, Optional<Strength> strength, boolean mineralFromText,
                        Optional<String> basisOverride, Optional<NumberReading> textReading, java.util.List<String> notes) {

    ProductComponent {
        notes = java.util.List.copyOf(notes);
    }

    /** A coded or structured component: its mass doses read by the code (mineral = elemental, salt = compound). */
    ProductComponent(Mineral mineral, Optional<Salt> salt, Optional<Strength> strength, boolean mineralFromText,
                     Optional<String> basisOverride) {
        this(mineral, salt, strength, mineralFromText, basisOverride, Optional.empty(), java.util.List.of());
    }

    /**
     * Amount per unit: numerator per denominator (e.g. 400 mg / 1 tablet, 250 mg / 5 mL).
     *
     * @param numerator    the amount (mass or substance)
     * @param denominator  the unit it is per; empty = one unit (tablet, capsule, ...)
     * @param reading      whether the numerator is the mineral's amount, the salt's weight, or either
     * @param fromText     stated in free text rather than in Medication.ingredient.strength
     * @param labelSource  the label-products row's source, when the strength comes from that table
     */
    record Strength(Quantity numerator, Optional<Quantity> denominator, NumberReading reading, boolean fromText,
                    Optional<String> labelSource) {

        Strength(Quantity numerator, Optional<Quantity> denominator, boolean elemental, boolean fromText) {
            this(numerator, denominator, elemental ? NumberReading.ELEMENTAL : NumberReading.COMPOUND, fromText,
                    Optional.empty());
        }
    }

    ProductComponent withStrength(Strength newStrength) {
        return new ProductComponent(mineral, salt, Optional.of(newStrength), mineralFromText, basisOverride, textReading, notes);
    }

    ProductComponent withNote(String note) {
        java.util.List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new ProductComponent(mineral, salt, strength, mineralFromText, basisOverride, textReading, more);
    }
}
