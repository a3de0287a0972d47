package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.units.UnitConverter;
import org.junit.jupiter.api.Test;

class ConversionFactorsTest {

    private final ConversionFactors factors = ConversionFactors.of(UnitConverter.standard());
    private final UnitConverter direct = UnitConverter.standard();

    @Test
    void aRememberedFactorGivesTheDirectConversion() {
        for (String value : new String[] {"1.7", "0.75", "2.4305", "12"}) {
            BigDecimal v = new BigDecimal(value);
            BigDecimal expected = direct.convertConcentration(Mineral.MAGNESIUM, v, "mg/dL", "mmol/L");
            BigDecimal remembered = factors.convertConcentration(Mineral.MAGNESIUM, v, "mg/dL", "mmol/L").orElseThrow();
            // equal to 15 significant digits (both are computed in 16-digit decimal arithmetic)
            assertTrue(expected.subtract(remembered).abs().compareTo(new BigDecimal("1e-14")) < 0, value + ": " + expected + " vs " + remembered);
            assertEquals(0, direct.convert(v, "g", "mg").compareTo(factors.convert(v, "g", "mg").orElseThrow()), value);
        }
        // zinc 10 umol/L × 65.38 g/mol = 65.38 ug/dL
        assertEquals(0, new BigDecimal("65.38").compareTo(factors.convertConcentration(Mineral.ZINC, BigDecimal.TEN, "umol/L", "ug/dL").orElseThrow()));
    }

    @Test
    void unitsThatDoNotConvertGiveNothing() {
        assertEquals(Optional.empty(), factors.convert(BigDecimal.ONE, "mL", "mg"));
        assertEquals(Optional.empty(), factors.convert(BigDecimal.ONE, "not-a-unit", "mg"));
    }

    @Test
    void clientSuppliedUnitsCannotGrowTheTableWithoutBound() {
        for (int i = 0; i < ConversionFactors.MAX_REMEMBERED_PAIRS + 200; i++) {
            assertEquals(Optional.empty(), factors.convert(BigDecimal.ONE, "junk" + i, "mg"));
        }
        assertTrue(factors.rememberedPairs() <= ConversionFactors.MAX_REMEMBERED_PAIRS, "" + factors.rememberedPairs());
        assertEquals(0, new BigDecimal("1500").compareTo(factors.convert(new BigDecimal("1.5"), "g", "mg").orElseThrow()));
    }
}
