package org.chelate.plugin.regimen;

/** Which FHIR resource a regimen was mapped from. */
public enum RecordKind {
    MEDICATION_STATEMENT,
    MEDICATION_REQUEST
}
