package org.chelate.plugin.summary;

import java.util.List;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.observation.ScoreSeries;

/** One instrument's scores up to the summary date, and the patient's scores before and since each active regimen began. */
public record SymptomTrend(ScoreSeries series, List<RegimenResponse> responses) {
    public SymptomTrend {
        responses = List.copyOf(responses);
    }
}
