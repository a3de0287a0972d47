package org.chelate.terminology.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.chelate.terminology.resources.TerminologyResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Every terminology resource Chelate serves: the shipped JSON resources plus the ConceptMaps generated from them
 * (salt → mineral with the computed elemental fraction). One instance per FhirContext.
 */
public final class ChelateTerminology {

    private static final Map<FhirContext, ChelateTerminology> BY_CONTEXT = new ConcurrentHashMap<>();

    private final List<CodeSystem> codeSystems;
    private final List<ValueSet> valueSets;
    private final List<ConceptMap> conceptMaps;

    private ChelateTerminology(TerminologyResources shipped) {
        this.codeSystems = shipped.codeSystems();
        this.valueSets = shipped.valueSets();
        List<ConceptMap> maps = new ArrayList<>(shipped.conceptMaps());
        maps.addAll(GeneratedConceptMaps.all());
        this.conceptMaps = List.copyOf(maps);
    }

    public static ChelateTerminology forContext(FhirContext ctx) {
        return BY_CONTEXT.computeIfAbsent(ctx, c -> new ChelateTerminology(TerminologyResources.load(c)));
    }

    public List<CodeSystem> codeSystems() {
        return codeSystems;
    }

    public List<ValueSet> valueSets() {
        return valueSets;
    }

    public List<ConceptMap> conceptMaps() {
        return conceptMaps;
    }

    public Optional<CodeSystem> codeSystem(String url) {
        return codeSystems.stream().filter(r -> matches(r.getUrl(), url)).findFirst();
    }

    public Optional<ValueSet> valueSet(String url) {
        return valueSets.stream().filter(r -> matches(r.getUrl(), url)).findFirst();
    }

    public Optional<ConceptMap> conceptMap(String url) {
        return conceptMaps.stream().filter(r -> matches(r.getUrl(), url)).findFirst();
    }

    private static boolean matches(String resourceUrl, String url) {
        if (url == null) {
            return false;
        }
        String bare = url.contains("|") ? url.substring(0, url.indexOf('|')) : url;
        return bare.equals(resourceUrl);
    }
}
