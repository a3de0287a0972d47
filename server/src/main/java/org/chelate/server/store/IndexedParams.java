package org.chelate.server.store;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource types the store keeps and, per type, the search parameters it indexes. The parameters are HAPI's own
 * R4 definitions (name, type, path, targets): by default every resource type of the R4 model except those other parts
 * of the server serve ({@link #NOT_STORED}), each with every standard parameter of a type the store indexes whose path
 * {@link ElementPath} understands. Composite and special parameters, and paths in other forms, are left out (and so
 * neither offered nor claimed).
 */
public final class IndexedParams {

    /**
     * Types not kept in the store: the conformance and terminology resources the server serves from its own
     * definitions, and the two that have no REST endpoint of their own.
     */
    public static final Set<String> NOT_STORED = Set.of("CodeSystem", "ValueSet", "ConceptMap",
            "StructureDefinition", "OperationDefinition", "Parameters", "OperationOutcome");

    /** Handled by the store itself (resource row columns) rather than index rows. */
    private static final Set<String> BUILT_IN = Set.of("_id", "_lastUpdated");

    private static final Set<RestSearchParameterTypeEnum> INDEXABLE = Set.of(RestSearchParameterTypeEnum.TOKEN,
            RestSearchParameterTypeEnum.STRING, RestSearchParameterTypeEnum.DATE, RestSearchParameterTypeEnum.REFERENCE,
            RestSearchParameterTypeEnum.URI, RestSearchParameterTypeEnum.NUMBER, RestSearchParameterTypeEnum.QUANTITY);

    private final FhirContext context;
    private final Map<String, Map<String, IndexedParam>> byType;

    private IndexedParams(FhirContext context, Map<String, Map<String, IndexedParam>> byType) {
        this.context = context;
        this.byType = byType;
    }

    /** One per FhirContext; a process has one or two contexts, so this never grows. */
    private static final Map<FhirContext, CompletableFuture<IndexedParams>> STANDARD = new ConcurrentHashMap<>();

    /**
     * The standard selection for a context, built once per context. Building it scans HAPI's model of every stored
     * type (a second or more on a cold JVM), so a caller may start it early with {@link #preload(FhirContext)}.
     */
    public static IndexedParams standard(FhirContext context) {
        try {
            return preload(context).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Starts building {@link #standard(FhirContext)} in the background, e.g. while the database migrates. */
    public static CompletableFuture<IndexedParams> preload(FhirContext context) {
        return STANDARD.computeIfAbsent(context, c -> CompletableFuture.supplyAsync(() -> everyType(c)));
    }

    /** The names of the resource types the store keeps for a context. */
    public static Set<String> storedTypes(FhirContext context) {
        Set<String> types = new java.util.TreeSet<>(context.getResourceTypes());
        types.removeAll(NOT_STORED);
        return types;
    }

    /** Every stored type with every standard parameter the store can index. */
    static IndexedParams everyType(FhirContext context) {
        Map<String, Map<String, IndexedParam>> byType = new LinkedHashMap<>();
        for (String type : storedTypes(context)) {
            RuntimeResourceDefinition definition = context.getResourceDefinition(type);
            Map<String, IndexedParam> params = new LinkedHashMap<>();
            for (RuntimeSearchParam param : definition.getSearchParams()) {
                if (INDEXABLE.contains(param.getParamType()) && !BUILT_IN.contains(param.getName())) {
                    compiled(type, param).ifPresent(p -> params.put(p.name(), p));
                }
            }
            byType.put(type, Map.copyOf(params));
        }
        return new IndexedParams(context, Map.copyOf(byType));
    }

    private static Optional<IndexedParam> compiled(String type, RuntimeSearchParam param) {
        try {
            List<ElementPath> paths = param.getPathsSplitForResourceType(type).stream()
                    .map(path -> ElementPath.compile(type, path))
                    .toList();
            return paths.isEmpty() ? Optional.empty() : Optional.of(new IndexedParam(param, paths));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Fails at start-up, not on the first write, when a selected parameter is unknown or its path is not understood. */
    public static IndexedParams of(FhirContext context, Map<String, List<String>> selection) {
        Map<String, Map<String, IndexedParam>> byType = new LinkedHashMap<>();
        selection.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            String type = entry.getKey();
            RuntimeResourceDefinition definition = context.getResourceDefinition(type);
            Map<String, IndexedParam> params = new LinkedHashMap<>();
            for (String name : entry.getValue()) {
                RuntimeSearchParam param = definition.getSearchParam(name);
                if (param == null) {
                    throw new IllegalArgumentException(type + " has no search parameter " + name);
                }
                if (!INDEXABLE.contains(param.getParamType())) {
                    throw new IllegalArgumentException(type + "." + name + " is of type " + param.getParamType()
                            + ", which the store does not index");
                }
                List<ElementPath> paths = param.getPathsSplitForResourceType(type).stream()
                        .map(path -> ElementPath.compile(type, path))
                        .toList();
                params.put(name, new IndexedParam(param, paths));
            }
            byType.put(type, Map.copyOf(params));
        });
        return new IndexedParams(context, Map.copyOf(byType));
    }

    public FhirContext context() {
        return context;
    }

    public Set<String> resourceTypes() {
        return byType.keySet();
    }

    public boolean supports(String resourceType) {
        return byType.containsKey(resourceType);
    }

    public Collection<IndexedParam> paramsOf(String resourceType) {
        Map<String, IndexedParam> params = byType.get(resourceType);
        return params == null ? List.of() : params.values();
    }

    public Optional<IndexedParam> param(String resourceType, String name) {
        Map<String, IndexedParam> params = byType.get(resourceType);
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name));
    }
}
