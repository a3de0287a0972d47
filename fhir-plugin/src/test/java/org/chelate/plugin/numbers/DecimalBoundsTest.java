package org.chelate.plugin.numbers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "50", "0.25", "-12.5", "1e3", "1.5E+3", "2.5e-3", "9999999999999999999999999999",
            "0.0000000000000000000000000001", "1234567890.123456789012345678", "1e27", "0e-28", "-9.99e27"})
    void ordinaryAndEdgeNumbersAreWithin(String text) {
        assertTrue(DecimalBounds.withinBounds(text), text);
        assertTrue(DecimalBounds.withinBounds(new BigDecimal(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e28", "10000000000000000000000000000", "1e-29", "0.00000000000000000000000000001",
            "1.0000000000000000000000000000", "1e2000", "1e999999", "-1e999999", "0e999999", "1e-999999",
            "0e-999999", "1e2147483647"})
    void hugeTinyAndOverPreciseNumbersAreOutside(String text) {
        assertFalse(DecimalBounds.withinBounds(text), text);
        assertFalse(DecimalBounds.withinBounds(new BigDecimal(text)), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1e", "--1", "1e99999999999", "1e-2147483648", "NaN", "Infinity"})
    void textThatIsNoNumberIsOutside(String text) {
        assertFalse(DecimalBounds.withinBounds(text), text);
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 100_000, 2_000_000})
    void longDigitStringsAreRefusedByLengthWithoutBeingBuilt(int digits) {
        String text = "1" + "0".repeat(digits);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertFalse(DecimalBounds.withinBounds(text)));
    }
}
