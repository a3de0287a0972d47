package org.chelate.terminology.resources;

import ca.uhn.fhir.context.FhirContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The FHIR R4 CodeSystem, ValueSet and ConceptMap JSON resources shipped in this module
 * (classpath {@value #BASE}, listed in {@code index.txt}), parsed once.
 */
public final class TerminologyResources {

    static final String BASE = "/org/chelate/terminology/fhir/";

    private static volatile TerminologyResources standard;

    private final List<CodeSystem> codeSystems;
    private final List<ValueSet> valueSets;
    private final List<ConceptMap> conceptMaps;

    private TerminologyResources(List<CodeSystem> codeSystems, List<ValueSet> valueSets, List<ConceptMap> conceptMaps) {
        this.codeSystems = List.copyOf(codeSystems);
        this.valueSets = List.copyOf(valueSets);
        this.conceptMaps = List.copyOf(conceptMaps);
    }

    /** The shipped resources, parsed with {@link FhirContext#forR4Cached()}. Callers must not modify them. */
    public static TerminologyResources standard() {
        TerminologyResources r = standard;
        if (r == null) {
            synchronized (TerminologyResources.class) {
                if (standard == null) {
                    standard = load(FhirContext.forR4Cached());
                }
                r = standard;
            }
        }
        return r;
    }

    /** Parses a fresh copy of the shipped resources. */
    public static TerminologyResources load(FhirContext ctx) {
        List<CodeSystem> cs = new ArrayList<>();
        List<ValueSet> vs = new ArrayList<>();
        List<ConceptMap> cm = new ArrayList<>();
        for (String file : index()) {
            try (InputStream in = TerminologyResources.class.getResourceAsStream(BASE + file)) {
                if (in == null) {
                    throw new IllegalStateException("terminology resource listed in index.txt is missing: " + file);
                }
                var resource = ctx.newJsonParser().parseResource(in);
                if (resource instanceof CodeSystem c) {
                    cs.add(c);
                } else if (resource instanceof ValueSet v) {
                    vs.add(v);
                } else if (resource instanceof ConceptMap m) {
                    cm.add(m);
                } else {
                    throw new IllegalStateException("unexpected resource type in " + file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new TerminologyResources(cs, vs, cm);
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
        return byUrl(codeSystems, url);
    }

    public Optional<ValueSet> valueSet(String url) {
        return byUrl(valueSets, url);
    }

    public Optional<ConceptMap> conceptMap(String url) {
        return byUrl(conceptMaps, url);
    }

    /** The CodeSystem with the URL, or an IllegalStateException naming it (for the module's own systems). */
    public CodeSystem requireCodeSystem(String url) {
        return codeSystem(url).orElseThrow(() -> new IllegalStateException("shipped CodeSystem missing: " + url));
    }

    private static <T extends MetadataResource> Optional<T> byUrl(List<T> resources, String url) {
        if (url == null) {
            return Optional.empty();
        }
        String bare = url.contains("|") ? url.substring(0, url.indexOf('|')) : url;
        return resources.stream().filter(r -> bare.equals(r.getUrl())).findFirst();
    }

    private static List<String> index() {
        try (InputStream in = TerminologyResources.class.getResourceAsStream(BASE + "index.txt")) {
            if (in == null) {
                throw new IllegalStateException("missing " + BASE + "index.txt");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
