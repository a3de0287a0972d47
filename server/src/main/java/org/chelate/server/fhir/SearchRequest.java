package org.chelate.server.fhir;

import java.util.List;
import org.chelate.server.store.SearchSpec;

/** A search as the store runs it, plus the reference parameters whose targets are to be included. */
record SearchRequest(SearchSpec spec, List<String> includeParams, List<RevInclude> revIncludes) {

    SearchRequest(SearchSpec spec, List<String> includeParams) {
        this(spec, includeParams, List.of());
    }

    /** {@code _revinclude=SourceType:param}: resources of that type whose param refers to a match. */
    record RevInclude(String sourceType, String param) {
    }
}
