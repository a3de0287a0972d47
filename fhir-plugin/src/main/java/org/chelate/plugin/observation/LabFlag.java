package org.chelate.plugin.observation;

/** A lab value against its reference range. UNKNOWN when neither the record nor the facts file gives a range. */
public enum LabFlag {
    LOW,
    NORMAL,
    HIGH,
    UNKNOWN
}
