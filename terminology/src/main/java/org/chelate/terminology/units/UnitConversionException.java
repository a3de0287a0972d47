package org.chelate.terminology.units;

/** A value cannot be converted between two units; the message names both. */
public class UnitConversionException extends IllegalArgumentException {

    private final String fromUnit;
    private final String toUnit;

    public UnitConversionException(String fromUnit, String toUnit, String reason) {
        super("cannot convert from unit '" + fromUnit + "' to unit '" + toUnit + "': " + reason);
        this.fromUnit = fromUnit;
        this.toUnit = toUnit;
    }

    /** A new exception with the units and message of one already thrown (for failures remembered per unit pair). */
    public UnitConversionException(UnitConversionException same) {
        super(same.getMessage());
        this.fromUnit = same.fromUnit;
        this.toUnit = same.toUnit;
    }

    public String fromUnit() {
        return fromUnit;
    }

    public String toUnit() {
        return toUnit;
    }
}
