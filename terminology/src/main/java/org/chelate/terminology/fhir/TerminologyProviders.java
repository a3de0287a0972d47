package org.chelate.terminology.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;

/** HAPI plain-server resource providers for Chelate's CodeSystem, ValueSet and ConceptMap resources. */
public final class TerminologyProviders {

    private TerminologyProviders() {
    }

    /**
     * Providers to register on a {@code RestfulServer}: CodeSystem (read, search by url, $lookup), ValueSet (read,
     * search by url, $expand with filter, $validate-code) and ConceptMap (read, search by url, $translate).
     */
    public static List<Object> providers(FhirContext ctx) {
        TerminologyOperations operations = new TerminologyOperations(ctx);
        return List.of(new CodeSystemResourceProvider(operations), new ValueSetResourceProvider(operations),
                new ConceptMapResourceProvider(operations));
    }
}
