package org.chelate.terminology.codes;

/** A standard lab code (LOINC) Chelate reads, with its kind and whether it was verified in a public source. */
public record LabCode(String system, String code, String display, LabKind kind, boolean verified) {
}
