package org.chelate.plugin.observation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.chelate.terminology.codes.ScoreInstrument;

/** The scores of one instrument (range and direction in {@link ScoreInstrument}), oldest first. */
public record ScoreSeries(ScoreInstrument instrument, List<ScorePoint> points) {

    private static final Comparator<ScorePoint> OLDEST_FIRST = Comparator.comparing(ScorePoint::effective);

    public ScoreSeries {
        Objects.requireNonNull(instrument, "instrument");
        List<ScorePoint> sorted = new ArrayList<>(points);
        sorted.sort(OLDEST_FIRST); // stable, as the sorted stream was: equal times keep their order
        points = Collections.unmodifiableList(sorted);
    }

    public Optional<ScorePoint> latest() {
        return points.isEmpty() ? Optional.empty() : Optional.of(points.get(points.size() - 1));
    }

    /** The last score taken strictly before {@code day}. */
    public Optional<ScorePoint> lastBefore(LocalDate day) {
        ScorePoint found = null;
        for (ScorePoint point : points) {
            if (point.date().isBefore(day)) {
                found = point;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The last score taken on or before {@code day}. */
    public Optional<ScorePoint> latestOnOrBefore(LocalDate day) {
        return lastBefore(day.plusDays(1));
    }
}
