package org.chelate.terminology.codes;

import java.util.List;
import java.util.Optional;

/** Resolves an Observation code to a symptom-score instrument (range and direction). */
public final class ScoreInstruments {

    private final List<ScoreInstrument> instruments;

    public ScoreInstruments(List<ScoreInstrument> instruments) {
        this.instruments = List.copyOf(instruments);
    }

    public static ScoreInstruments standard() {
        return StandardCodes.scores();
    }

    public Optional<ScoreInstrument> resolve(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        return instruments.stream()
                .filter(i -> i.system().equals(system.trim()) && i.code().equals(code.trim()))
                .findFirst();
    }

    public List<ScoreInstrument> all() {
        return instruments;
    }
}
