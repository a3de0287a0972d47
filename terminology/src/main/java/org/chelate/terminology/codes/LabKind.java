package org.chelate.terminology.codes;

import java.util.Optional;
import org.chelate.terminology.Mineral;

/** The labs Chelate reads, each with its canonical UCUM unit (values are converted to it). */
public enum LabKind {
    SERUM_MAGNESIUM_MASS(Mineral.MAGNESIUM, "mg/dL"),
    SERUM_MAGNESIUM_MOLAR(Mineral.MAGNESIUM, "mmol/L"),
    SERUM_ZINC(Mineral.ZINC, "ug/dL"),
    SERUM_COPPER(Mineral.COPPER, "ug/dL"),
    /** Estimated GFR, any creatinine-based equation (CKD-EPI 2021, CKD-EPI 2009, MDRD). */
    EGFR(null, "mL/min/{1.73_m2}"),
    /** Ceruloplasmin, read and ordered for copper monitoring on chronic high zinc intake. */
    CERULOPLASMIN(null, "mg/dL");

    private final Mineral mineral;
    private final String canonicalUnit;

    LabKind(Mineral mineral, String canonicalUnit) {
        this.mineral = mineral;
        this.canonicalUnit = canonicalUnit;
    }

    /** The mineral measured, empty for eGFR and ceruloplasmin. */
    public Optional<Mineral> mineral() {
        return Optional.ofNullable(mineral);
    }

    /** UCUM code of the unit Chelate reports this lab in. */
    public String canonicalUnit() {
        return canonicalUnit;
    }

    /** A concentration of a mineral (mass or molar), convertible with UnitConverter#convertConcentration. */
    public boolean isMineralConcentration() {
        return mineral != null;
    }
}
