package org.chelate.plugin.guidance;

/** The kinds of finding the engine makes; the card's {@code source.topic} and the unit feedback is counted by. */
public enum CardType {
    UPPER_LIMIT("upper-limit", "Daily elemental intake versus the upper limit"),
    ELEMENTAL_AMOUNT("elemental-amount", "Salt weight shown as elemental amount"),
    UNREADABLE_RECORDS("unreadable-records", "Supplement records that could not be read"),
    COPPER_MONITORING("copper-monitoring", "Chronic high zinc intake without copper monitoring"),
    KIDNEY_MAGNESIUM("kidney-magnesium", "Magnesium supplement with low eGFR"),
    INTERACTION_TIMING("interaction-timing", "Separation from an interacting drug"),
    MG_ZN_SAME_TIME("mg-zn-same-time", "Magnesium and zinc taken at the same time"),
    SERUM_MAGNESIUM("serum-magnesium", "Serum magnesium outside the reference range"),
    SERUM_ZINC("serum-zinc", "Low serum zinc"),
    SERUM_COPPER("serum-copper", "Low serum copper"),
    SYMPTOM_RESPONSE("symptom-response", "Symptom scores since the regimen started"),
    REGIMEN_TEMPLATE("regimen-template", "Configurable regimen template"),
    // causes and monitoring (kidney, labs)
    MAGNESIUM_DRUG_CAUSES("magnesium-drug-causes", "Low serum magnesium with a medicine that lowers it"),
    ZINC_THIAZIDE("zinc-thiazide", "Thiazide diuretic raising urinary zinc loss"),
    // records not counted (dose reading)
    NOT_COUNTED("not-counted", "Products with magnesium or zinc whose amount is not recorded"),
    INTRANASAL_ZINC("intranasal-zinc", "Intranasal zinc: risk of lasting loss of smell"),
    IMPLAUSIBLE_RECORD("implausible-record", "Record with an impossible amount, left out of the totals"),
    POSSIBLE_DUPLICATE("possible-duplicate", "Same product recorded twice, counted once"),
    // data that could not be read (CDS hardening)
    INCOMPLETE_DATA("incomplete-data", "Patient data that could not be read; guidance incomplete");

    /** Code system of the card types (the card's source.topic). */
    public static final String SYSTEM = "http://chelate.org/fhir/CodeSystem/chelate-cds-card-type";

    private final String code;
    private final String display;

    CardType(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    public static java.util.Optional<CardType> fromCode(String code) {
        for (CardType t : values()) {
            if (t.code.equals(code)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
