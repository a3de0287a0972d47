package org.chelate.plugin.observation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.terminology.codes.ScoreDirection;
import org.chelate.terminology.codes.ScoreInstrument;
import org.junit.jupiter.api.Test;

class ResponseCalculatorTest {

    private static final ScoreInstrument PAIN = new ScoreInstrument("http://loinc.org", "72514-3", "Pain", BigDecimal.ZERO,
            BigDecimal.TEN, ScoreDirection.HIGHER_IS_WORSE, true);
    private static final ScoreInstrument SLEEP = new ScoreInstrument("http://chelate.org/fhir/CodeSystem/chelate-symptom-score",
            "sleep-quality-nrs", "Sleep", BigDecimal.ZERO, BigDecimal.TEN, ScoreDirection.HIGHER_IS_BETTER, true);
    private static final LocalDate START = LocalDate.of(2026, 3, 1);
    private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);

    private static ScorePoint point(String date, int value) {
        LocalDate day = LocalDate.parse(date);
        return new ScorePoint("Observation/" + date, day, day.atStartOfDay(ZoneOffset.UTC).toInstant(), BigDecimal.valueOf(value));
    }

    @Test
    void baselineIsTheLastScoreBeforeTheStartAndLatestTheLastOnOrBeforeTheDate() {
        ScoreSeries pain = new ScoreSeries(PAIN, List.of(point("2026-01-10", 8), point("2026-02-20", 7),
                point("2026-04-01", 5), point("2026-05-25", 4), point("2026-07-01", 1)));
        RegimenResponse response = new ResponseCalculator(Map.of()).response(pain, "MedicationStatement/mg", START, AS_OF);
        assertEquals(BigDecimal.valueOf(7), response.baseline().orElseThrow().value());
        assertEquals(BigDecimal.valueOf(4), response.latest().orElseThrow().value());
        // 4 − 7 = −3 points; higher is worse, so an improvement of 3
        assertEquals(Optional.of(BigDecimal.valueOf(-3)), response.change());
        assertEquals(Optional.of(BigDecimal.valueOf(3)), response.improvement());
        assertEquals(MidOutcome.NO_MID_CONFIGURED, response.outcome());
        assertFalse(response.passesMid());
    }

    @Test
    void aConfiguredMidJudgesTheChangeInTheInstrumentsDirection() {
        ScoreSeries pain = new ScoreSeries(PAIN, List.of(point("2026-02-20", 7), point("2026-05-25", 4)));
        ResponseCalculator twoPoints = new ResponseCalculator(Map.of(ResponseCalculator.key(PAIN.system(), PAIN.code()), new BigDecimal("2")));
        assertTrue(twoPoints.response(pain, "r", START, AS_OF).passesMid());
        ResponseCalculator fourPoints = new ResponseCalculator(Map.of(ResponseCalculator.key(PAIN.system(), PAIN.code()), new BigDecimal("4")));
        assertEquals(MidOutcome.WITHIN_MID, fourPoints.response(pain, "r", START, AS_OF).outcome());
        // sleep quality 6 → 3: higher is better, so a worsening of 3
        ScoreSeries sleep = new ScoreSeries(SLEEP, List.of(point("2026-02-20", 6), point("2026-05-25", 3)));
        ResponseCalculator sleepMid = new ResponseCalculator(Map.of(ResponseCalculator.key(SLEEP.system(), SLEEP.code()), new BigDecimal("2")));
        assertEquals(MidOutcome.WORSENED_BY_AT_LEAST_MID, sleepMid.response(sleep, "r", START, AS_OF).outcome());
    }

    @Test
    void withoutABaselineThereIsNotEnoughData() {
        ScoreSeries pain = new ScoreSeries(PAIN, List.of(point("2026-04-01", 5)));
        RegimenResponse response = new ResponseCalculator(Map.of()).response(pain, "r", START, AS_OF);
        assertEquals(MidOutcome.NOT_ENOUGH_DATA, response.outcome());
        assertEquals(Optional.empty(), response.change());
    }

    @Test
    void aMidMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ResponseCalculator(Map.of("x|y", BigDecimal.ZERO)));
    }
}
