package org.chelate.plugin.regimen;

/**
 * How the elemental amount of a regimen was found in the record, decided once by the mapper and carried to every card
 * and summary. Safety checks read {@link Regimen#dailyElementalMgHigh()}, which for {@link #AMBIGUOUS_SALT_OR_ELEMENTAL}
 * is the reading of the number as the mineral itself.
 */
public enum AmountBasis {
    /** The record states the elemental amount (dose coded as the mineral itself, or marked elemental). */
    STATED_ELEMENTAL,
    /** The record gives the weight of a salt; converted with the salt's elemental fraction. */
    CONVERTED_FROM_SALT,
    /** A count of units (tablets, capsules) times the per-unit strength of a contained or referenced Medication. */
    INGREDIENT_STRENGTH,
    /** Mineral, salt or strength recognised from free text (dosage.text, medication text). */
    RECOGNISED_FROM_TEXT,
    /**
     * A salt named with a number and no "as"/"from" ("Magnesium glycinate 200 mg"): many such labels mean the mineral.
     * Low = the number as the salt's weight, converted; high = the number as elemental (facts.md, "Reading an amount").
     */
    AMBIGUOUS_SALT_OR_ELEMENTAL,
    /** A named product whose per-unit amount comes from the cited label-products table (Milk of Magnesia, Maalox). */
    PRODUCT_LABEL;

    /** The code the summary writes ("ambiguous-salt-or-elemental"). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
