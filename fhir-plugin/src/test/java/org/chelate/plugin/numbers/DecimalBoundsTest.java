package org.chelate.plugin.numbers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.0", "-0", "250", "0.62", "1.05", "98.87207366823474", "-3.5", "1e3", "1.5E+3",
            "2.5e-3", "999999999999999", "0.00000000000000000001", "1000000000", "1234567890.12345678901234567890",
            "1e14", "0e-20", "-9.99e14"})
    void realDosesLabsExportNoiseAndEdgesAreWithin(String v) {
        assertTrue(DecimalBounds.within(v), v);
        assertTrue(DecimalBounds.within(new BigDecimal(v)), v);
        assertTrue(DecimalBounds.storable(v), v);
        assertTrue(DecimalBounds.storable(new BigDecimal(v)), v);
    }

    /** HL7's own R4 decimal example (Observation-decimal) holds these: a store keeps them, guidance does not compute. */
    @ParameterizedTest
    @ValueSource(strings = {"1E-22", "1000000000000000000", "1.000000000000000000E-245", "-1.000000000000000000E+245",
            "9999999999999999999999999999", "1e299", "1e-300"})
    void storedNumbersMayBeWiderThanComputedOnes(String v) {
        assertTrue(DecimalBounds.storable(v), v);
        assertFalse(DecimalBounds.within(v), v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e999999", "1e-999999", "0e999999", "0E-999999", "0e-999999",
            "1000000000000000", "1e15", "0.000000000000000000001", "1e-21", "1.0000000000000000000000000000000001",
            "12345678901234567890.12345678901234567", "1e2000", "1e2147483647"})
    void hugeTinyAndOverPreciseValuesAreOutsideWithoutBeingExpanded(String v) {
        assertFalse(DecimalBounds.within(v), v);
        assertFalse(DecimalBounds.within(new BigDecimal(v)), v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1e999999", "1e-999999", "0e999999", "0E-999999", "1e2000", "1E+301",
            "1e-301", "1e2147483647", "1.00000000000000000000000000000000001"})
    void numbersAStoreRefuses(String v) {
        assertFalse(DecimalBounds.storable(v), v);
        assertFalse(DecimalBounds.storable(new BigDecimal(v)), v);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1e", "--1", "1e99999999999", "1e-2147483648", "NaN", "Infinity"})
    void textThatIsNoNumberIsOutside(String text) {
        assertFalse(DecimalBounds.within(text), text);
        assertFalse(DecimalBounds.storable(text), text);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 100_000, 2_000_000})
    void longDigitStringsAreRefusedByLengthWithoutBeingBuilt(int digits) {
        String text = "1" + "0".repeat(digits);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertFalse(DecimalBounds.within(text));
            assertFalse(DecimalBounds.storable(text));
        });
    }

    @Test
    void wholeNumbersAndReasons() {
        assertTrue(DecimalBounds.within(999_999_999_999_999L));
        assertFalse(DecimalBounds.within(1_000_000_000_000_000L));
        assertFalse(DecimalBounds.within(Long.MIN_VALUE));
        assertFalse(DecimalBounds.storable((BigDecimal) null));
        assertTrue(DecimalBounds.problem(new BigDecimal("1e999999")).orElseThrow().startsWith("too large"));
        assertTrue(DecimalBounds.problem(new BigDecimal("1e-999999")).orElseThrow().startsWith("too precise"));
    }
}
