package org.chelate.plugin.numbers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DecimalBoundsTest {

    @Test
    void realDosesLabsAndExportNoiseAreWithin() {
        for (String v : new String[] {"0", "0.0", "250", "0.62", "1.05", "98.87207366823474", "-3.5", "1e3",
                "999999999999999", "0.00000000000000000001", "1000000000"}) {
            assertTrue(DecimalBounds.within(v), v);
            assertTrue(DecimalBounds.within(new BigDecimal(v)), v);
        }
        assertTrue(DecimalBounds.within(Long.valueOf(999_999_999_999_999L)));
    }

    @Test
    void hugeTinyAndOverPreciseValuesAreOutsideWithoutBeingExpanded() {
        for (String v : new String[] {"1e999999", "-1e999999", "1e-999999", "0e999999", "0E-999999",
                "1000000000000000", "1e15", "0.000000000000000000001", "1.0000000000000000000000000000000001",
                "12345678901234567890.12345678901234567", "NaN", "", "1e2000"}) {
            assertFalse(DecimalBounds.within(v), v);
        }
        assertFalse(DecimalBounds.within(1_000_000_000_000_000L));
        assertFalse(DecimalBounds.within(Long.MIN_VALUE));
        assertTrue(DecimalBounds.problem(new BigDecimal("1e999999")).orElseThrow().startsWith("too large"));
        assertTrue(DecimalBounds.problem(new BigDecimal("1e-999999")).orElseThrow().startsWith("too precise"));
    }
}
