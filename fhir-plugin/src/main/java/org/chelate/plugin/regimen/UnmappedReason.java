package org.chelate.plugin.regimen;

/** Why a record gave no regimen. */
public enum UnmappedReason {
    /** The product is not a magnesium, zinc or copper supplement (e.g. an antibiotic): nothing to map. */
    NOT_A_SUPPLEMENT,
    /** The product cannot be identified from its codes or text. */
    UNKNOWN_PRODUCT,
    /** No dose amount in the record, and none in its text. */
    MISSING_DOSE,
    /** A dose unit Chelate cannot convert to milligrams. */
    UNKNOWN_UNIT,
    /** A count of tablets/capsules, but no per-unit strength to multiply. */
    COUNT_WITHOUT_STRENGTH,
    /** A salt weight whose salt is unknown, or a mass dose of a multi-ingredient product. */
    AMBIGUOUS_AMOUNT,
    /** No frequency, period, time of day or timing code. */
    MISSING_FREQUENCY,
    /** A negative or otherwise impossible value. */
    INVALID_VALUE,
    /** The record names no patient. */
    MISSING_SUBJECT,
    /** The record's medication reference cannot be resolved. */
    UNRESOLVED_MEDICATION,
    /** An order that a MedicationStatement of the patient records as taken (basedOn): counted once, from the statement. */
    RECORDED_BY_STATEMENT,
    /** A product that holds magnesium or zinc (multivitamin, combination product) in an amount no record or label gives. */
    AMOUNT_NOT_RECORDED,
    /** Zinc in the nose (gel, swab, spray): not an oral dose, never counted as intake (FDA, 2009: loss of smell). */
    INTRANASAL_ZINC,
    /** A daily amount no real intake reaches (a typo such as 150,000 mg/day): left out of the totals. */
    IMPLAUSIBLE_AMOUNT,
    /** The same product and strength as a statement of the patient, in an order the statement does not name: counted once. */
    POSSIBLE_DUPLICATE
}
