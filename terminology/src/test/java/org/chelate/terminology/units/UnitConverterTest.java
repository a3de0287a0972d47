package org.chelate.terminology.units;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.chelate.terminology.Mineral;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class UnitConverterTest {

    private final UnitConverter converter = UnitConverter.standard();

    private static void assertClose(String expected, BigDecimal actual, String tolerance) {
        assertTrue(new BigDecimal(expected).subtract(actual).abs().compareTo(new BigDecimal(tolerance)) <= 0,
                "expected " + expected + " but was " + actual.toPlainString());
    }

    @ParameterizedTest(name = "{0} {1} -> {3} {2}")
    @CsvSource({
        "1, g, mg, 1000",
        "250, mg, g, 0.25",
        "500, mcg, mg, 0.5",
        "500, ug, mg, 0.5",
        "500, µg, mg, 0.5",
        "2, mg, ug, 2000",
        "1.2, mg/dL, mg/L, 12",
        "100, ug/dL, mg/L, 1",
        "1, mmol/L, umol/L, 1000",
        "400, MG, mg, 400",
        "2.1, mg/dl, mg/dL, 2.1",
    })
    void convertsCommensurableUnitsThroughUcum(String value, String from, String to, String expected) {
        assertEquals(0, new BigDecimal(expected).compareTo(converter.convert(new BigDecimal(value), from, to)));
    }

    @Test
    void toMilligrams() {
        assertEquals(0, new BigDecimal("1500").compareTo(converter.toMilligrams(new BigDecimal("1.5"), "g")));
        assertEquals(0, new BigDecimal("0.9").compareTo(converter.toMilligrams(new BigDecimal("900"), "mcg")));
        assertEquals(0, new BigDecimal("400").compareTo(converter.toMilligrams(new BigDecimal("400"), "milligrams")));
    }

    @Test
    void magnesiumMolarToMassUsesItsAtomicWeight() {
        // facts.md: mg/dL = mmol/L x 2.4305
        BigDecimal mgdl = converter.convertConcentration(Mineral.MAGNESIUM, new BigDecimal("0.75"), "mmol/L", "mg/dL");
        assertClose("1.8229", mgdl, "0.0001");
        BigDecimal back = converter.convertConcentration(Mineral.MAGNESIUM, new BigDecimal("2.4305"), "mg/dL", "mmol/L");
        assertClose("1", back, "0.000001");
        // mEq/L is not UCUM-commensurable with mmol/L without the charge: rejected, not guessed
        assertThrows(UnitConversionException.class,
                () -> converter.convertConcentration(Mineral.MAGNESIUM, BigDecimal.ONE, "meq/L", "mg/dL"));
        UnitConversionException eq = assertThrows(UnitConversionException.class,
                () -> converter.convert(BigDecimal.ONE, "mEq/L", "mmol/L"));
        assertTrue(eq.getMessage().contains("'mEq/L'") && eq.getMessage().contains("'mmol/L'"), eq.getMessage());
    }

    @Test
    void zincAndCopperMicromolarToMicrogramsPerDecilitre() {
        assertClose("65.38", converter.convertConcentration(Mineral.ZINC, BigDecimal.TEN, "umol/L", "ug/dL"), "0.0001");
        assertClose("10", converter.convertConcentration(Mineral.ZINC, new BigDecimal("65.38"), "ug/dL", "µmol/L"), "0.0001");
        assertClose("63.546", converter.convertConcentration(Mineral.COPPER, BigDecimal.TEN, "µmol/l", "mcg/dL"), "0.0001");
        assertClose("15.7", converter.convertConcentration(Mineral.COPPER, new BigDecimal("99.7672"), "ug/dL", "umol/L")
                .setScale(4, RoundingMode.HALF_UP), "0.0001");
        assertClose("100", converter.convertConcentration(Mineral.ZINC, new BigDecimal("100"), "ug/dL", "ug/dL"), "0");
    }

    @Test
    void unconvertibleUnitsNameBothUnits() {
        UnitConversionException e = assertThrows(UnitConversionException.class,
                () -> converter.convert(BigDecimal.ONE, "mg", "mL"));
        assertTrue(e.getMessage().contains("'mg'") && e.getMessage().contains("'mL'"), e.getMessage());
        assertEquals("mg", e.fromUnit());
        assertEquals("mL", e.toUnit());

        UnitConversionException unknown = assertThrows(UnitConversionException.class,
                () -> converter.toMilligrams(BigDecimal.ONE, "tablet"));
        assertTrue(unknown.getMessage().contains("'tablet'") && unknown.getMessage().contains("'mg'"), unknown.getMessage());

        UnitConversionException concentration = assertThrows(UnitConversionException.class,
                () -> converter.convertConcentration(Mineral.ZINC, BigDecimal.ONE, "mg", "ug/dL"));
        assertTrue(concentration.getMessage().contains("'mg'") && concentration.getMessage().contains("'ug/dL'"));
        assertThrows(UnitConversionException.class, () -> converter.convert(BigDecimal.ONE, null, "mg"));
    }

    @Test
    void negativeAndMissingAmountsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> converter.toMilligrams(new BigDecimal("-5"), "mg"));
        assertTrue(e.getMessage().contains("-5"));
        assertThrows(IllegalArgumentException.class, () -> converter.toMilligrams(null, "mg"));
        assertThrows(NumberFormatException.class, () -> converter.toMilligrams(new BigDecimal("four hundred"), "mg"));
    }

    @Test
    void validity() {
        assertTrue(converter.isValid("mg"));
        assertTrue(converter.isValid("mcg"));
        assertTrue(converter.isValid("mL/min/{1.73_m2}"));
        assertFalse(converter.isValid("tablet"));
        assertFalse(converter.isValid(null));
    }
}
