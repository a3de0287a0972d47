package org.chelate.terminology.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.ConceptMap;

/** ConceptMaps computed from the shipped data. */
final class GeneratedConceptMaps {

    private GeneratedConceptMaps() {
    }

    static List<ConceptMap> all() {
        return List.of();
    }
}
