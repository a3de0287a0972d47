package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrequencyTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Take 1 capsule daily|1",
            "1 tablet per day|1",
            "take at bedtime|1",
            "nightly|1",
            "one tab in the morning|1",
            "QD|1",
            "twice daily with meals|2",
            "1 cap BID|2",
            "two times a day|2",
            "2x daily|2",
            "morning and night|2",
            "three times daily|3",
            "TID with food|3",
            "take four times a day|4",
            "every other day|0.5",
            "once a week on Sundays|0.142857142857142857"})
    void readsTheUsualSigPhrases(String text, String perDay) {
        assertEquals(0, new BigDecimal(perDay).compareTo(FrequencyText.dosesPerDay(text).orElseThrow()), text);
    }

    @ParameterizedTest(name = "{0} -> nothing")
    @CsvSource(delimiter = '|', value = {
            "as directed",
            "once daily or twice daily if needed",
            "Magnesium glycinate 400 mg",
            "'   '"})
    void refusesTextWithoutOrWithConflictingFrequencies(String text) {
        assertEquals(Optional.empty(), FrequencyText.dosesPerDay(text));
    }
}
