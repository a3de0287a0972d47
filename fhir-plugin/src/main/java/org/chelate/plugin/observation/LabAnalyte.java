package org.chelate.plugin.observation;

import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.LabKind;

/**
 * What a lab measures, whatever unit it was coded in, and the one unit Chelate reports it in. Serum magnesium by
 * mass (mg/dL) and by moles (mmol/L) are the same analyte, reported in mmol/L as the ODS-Mg reference range is.
 */
public enum LabAnalyte {
    SERUM_MAGNESIUM(Mineral.MAGNESIUM, "mmol/L"),
    SERUM_ZINC(Mineral.ZINC, "ug/dL"),
    SERUM_COPPER(Mineral.COPPER, "ug/dL"),
    EGFR(null, "mL/min/{1.73_m2}"),
    CERULOPLASMIN(null, "mg/dL");

    private final Mineral mineral;
    private final String canonicalUnit;

    LabAnalyte(Mineral mineral, String canonicalUnit) {
        this.mineral = mineral;
        this.canonicalUnit = canonicalUnit;
    }

    public Optional<Mineral> mineral() {
        return Optional.ofNullable(mineral);
    }

    /** UCUM code of the unit values are reported in. */
    public String canonicalUnit() {
        return canonicalUnit;
    }

    public static LabAnalyte of(LabKind kind) {
        return switch (kind) {
            case SERUM_MAGNESIUM_MASS, SERUM_MAGNESIUM_MOLAR -> SERUM_MAGNESIUM;
            case SERUM_ZINC -> SERUM_ZINC;
            case SERUM_COPPER -> SERUM_COPPER;
            case EGFR -> EGFR;
            case CERULOPLASMIN -> CERULOPLASMIN;
        };
    }
}
