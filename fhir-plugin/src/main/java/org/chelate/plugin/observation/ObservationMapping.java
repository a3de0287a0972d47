package org.chelate.plugin.observation;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Symptom-score series (one per instrument), labs (oldest first) and the recognised Observations that could not be used. */
public record ObservationMapping(List<ScoreSeries> scores, List<LabResult> labs, List<UnmappedObservation> unmapped) {

    public ObservationMapping {
        scores = List.copyOf(scores);
        labs = labs.stream().sorted(Comparator.comparing(LabResult::date)).toList();
        unmapped = List.copyOf(unmapped);
    }

    /** The most recent result of an analyte. */
    public Optional<LabResult> latest(LabAnalyte analyte) {
        return labs.stream().filter(l -> l.analyte() == analyte).reduce((first, second) -> second);
    }

    /** The series of an instrument by its code (e.g. LOINC 72514-3). */
    public Optional<ScoreSeries> series(String system, String code) {
        return scores.stream()
                .filter(s -> s.instrument().system().equals(system) && s.instrument().code().equals(code))
                .findFirst();
    }
}
