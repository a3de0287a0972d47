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

    @Test
    void rememberedFactorsGiveTheExactConversionAndFailuresRepeatWithTheSameMessage() {
        UnitConverter fresh = UnitConverter.standard();
        for (String v : new String[] {"0.75", "0.62", "1.05", "12"}) {
            // facts.md: mg/dL = mmol/L x 2.4305; exact product, within 15 significant digits
            BigDecimal expected = new BigDecimal(v).multiply(new BigDecimal("2.4305"));
            for (int call = 0; call < 3; call++) {
                assertClose(expected.toPlainString(),
                        fresh.convertConcentration(Mineral.MAGNESIUM, new BigDecimal(v), "mmol/L", "mg/dL"), "1e-12");
            }
        }
        UnitConversionException first = assertThrows(UnitConversionException.class,
                () -> fresh.convert(BigDecimal.ONE, "mg", "mL"));
        UnitConversionException again = assertThrows(UnitConversionException.class,
                () -> fresh.convert(BigDecimal.TEN, "mg", "mL"));
        assertEquals(first.getMessage(), again.getMessage());
        assertEquals("mL", again.toUnit());
        assertTrue(fresh.tryConvert(BigDecimal.ONE, "mg", "mL").isEmpty());
        assertEquals(0, new BigDecimal("0.5").compareTo(fresh.tryConvert(new BigDecimal("500"), "mcg", "mg").orElseThrow()));
        assertTrue(fresh.tryConvertConcentration(Mineral.ZINC, BigDecimal.ONE, "mg", "ug/dL").isEmpty());
    }

    @Test
    void unitsWithAnOffsetAreNeverConvertedByAFactor() {
        UnitConverter own = new UnitConverter(UnitConverterTestSupport.essence());
        // 0 Cel is 273.15 K, so a factor would be wrong; the UCUM library refuses offset units, and so do we, each time
        for (String v : new String[] {"0", "37"}) {
            UnitConversionException e = assertThrows(UnitConversionException.class,
                    () -> own.convert(new BigDecimal(v), "Cel", "K"));
            assertTrue(e.getMessage().contains("'Cel'"), e.getMessage());
        }
    }

    @Test
    void clientSuppliedUnitsCannotGrowTheRememberedPairsWithoutBound() {
        UnitConverter own = new UnitConverter(UnitConverterTestSupport.essence());
        for (int i = 0; i < UnitConverter.MAX_REMEMBERED_CONVERSIONS + 300; i++) {
            String junk = "junk" + i;
            UnitConversionException e = assertThrows(UnitConversionException.class,
                    () -> own.convert(BigDecimal.ONE, junk, "mg"));
            assertTrue(e.getMessage().contains("'" + junk + "'"), e.getMessage());
        }
        assertTrue(own.rememberedConversions() <= UnitConverter.MAX_REMEMBERED_CONVERSIONS,
                "remembered " + own.rememberedConversions());
        assertEquals(0, new BigDecimal("1500").compareTo(own.convert(new BigDecimal("1.5"), "g", "mg")));
    }
}
