package org.chelate.plugin.observation;

import java.util.Objects;

/** A score or lab Observation Chelate recognised by its code but could not use, with the reason. */
public record UnmappedObservation(String sourceReference, String reason) {
    public UnmappedObservation {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(reason, "reason");
    }
}
