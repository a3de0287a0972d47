package org.chelate.plugin.guidance;

import java.util.List;

/** A suggestion a clinician can accept: a label and the FHIR actions it performs. */
public record Suggestion(String label, boolean recommended, List<FhirAction> actions) {
    public Suggestion {
        actions = List.copyOf(actions);
    }
}
