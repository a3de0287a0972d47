package org.chelate.plugin.observation;

import java.util.List;
import org.hl7.fhir.r4.model.Observation;

/** Maps Observations to symptom-score series and labs in canonical units. Thread-safe. */
public final class ObservationMapper {

    public ObservationMapping map(List<Observation> observations) {
        throw new UnsupportedOperationException("observation mapping is being written (issue 4)");
    }
}
