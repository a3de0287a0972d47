package org.chelate.terminology.codes;

/** Drug classes whose timing or dose interacts with magnesium or zinc (../shared/clinical/facts.md). */
public enum DrugClass {
    TETRACYCLINE,
    FLUOROQUINOLONE,
    BISPHOSPHONATE,
    LEVOTHYROXINE,
    INTEGRASE_INHIBITOR,
    PENICILLAMINE,
    PROTON_PUMP_INHIBITOR,
    LOOP_DIURETIC,
    THIAZIDE_DIURETIC,
    POTASSIUM_SPARING_DIURETIC,
    ELTROMBOPAG,
    DEFERIPRONE,
    // causes of low magnesium (kidney and labs): monitoring, not timing
    DIGOXIN
}
