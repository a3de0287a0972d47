package org.chelate.plugin.regimen;

/** How the elemental amount of a regimen was found in the record. */
public enum AmountBasis {
    /** The record states the elemental amount (dose coded as the mineral itself, or marked elemental). */
    STATED_ELEMENTAL,
    /** The record gives the weight of a salt; converted with the salt's elemental fraction. */
    CONVERTED_FROM_SALT,
    /** A count of units (tablets, capsules) times the per-unit strength of a contained or referenced Medication. */
    INGREDIENT_STRENGTH,
    /** Mineral, salt or strength recognised from free text (dosage.text, medication text). */
    RECOGNISED_FROM_TEXT
}
