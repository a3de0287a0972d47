package org.chelate.plugin.regimen;

/** URLs of Chelate's own extensions. */
public final class ChelateExtensions {

    /**
     * On a Dosage (or a Medication.ingredient): valueCode {@code elemental} when the dose or strength is the elemental
     * amount even though a salt is coded ("magnesium (as bisglycinate) 120 mg"), {@code compound} when it is the salt's
     * weight. Without it, a mass of a salt-coded product is read as the salt's weight, and a mass of an ingredient-coded
     * product (magnesium, zinc) as elemental.
     */
    public static final String DOSE_BASIS = "http://chelate.org/fhir/StructureDefinition/dose-basis";

    public static final String BASIS_ELEMENTAL = "elemental";
    public static final String BASIS_COMPOUND = "compound";

    private ChelateExtensions() {
    }
}
