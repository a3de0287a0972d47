package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ResourceSearchParams;
import jakarta.annotation.Nonnull;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;

/**
 * HAPI's view of the search parameters this server supports: exactly the ones the store indexes. Used by the
 * CapabilityStatement and by HAPI's {@code SearchPreferHandlingInterceptor} (unknown parameter → 400, or ignored
 * with {@code Prefer: handling=lenient}).
 */
final class IndexedSearchParamRegistry implements ISearchParamRegistry {

    private final IndexedParams params;
    private final FhirContext fhirContext;
    private final Function<String, Set<String>> declaredByOtherProviders;
    /** A stored type's parameters never change: built once (the CapabilityStatement and every search ask again). */
    private final Map<String, ResourceSearchParams> storedTypeParams = new ConcurrentHashMap<>();

    /**
     * @param declaredByOtherProviders for a type the store does not hold (CodeSystem, ValueSet, ConceptMap of the
     *                                 terminology providers), the parameter names its providers' search methods take
     */
    IndexedSearchParamRegistry(IndexedParams params, FhirContext fhirContext,
            Function<String, Set<String>> declaredByOtherProviders) {
        this.params = params;
        this.fhirContext = fhirContext;
        this.declaredByOtherProviders = declaredByOtherProviders;
    }

    private boolean isStored(String resourceName) {
        return params.resourceTypes().contains(resourceName);
    }

    @Override
    public RuntimeSearchParam getActiveSearchParam(@Nonnull String resourceName, @Nonnull String paramName,
            @Nonnull SearchParamLookupContextEnum context) {
        if (!isStored(resourceName)) {
            return declaredByOtherProviders.apply(resourceName).contains(paramName)
                    ? fhirContext.getResourceDefinition(resourceName).getSearchParam(paramName)
                    : null;
        }
        return params.param(resourceName, paramName).map(IndexedParam::definition).orElse(null);
    }

    @Override
    public ResourceSearchParams getActiveSearchParams(@Nonnull String resourceName,
            @Nonnull SearchParamLookupContextEnum context) {
        if (!isStored(resourceName)) {
            ResourceSearchParams result = new ResourceSearchParams(resourceName);
            for (String name : declaredByOtherProviders.apply(resourceName)) {
                RuntimeSearchParam param = fhirContext.getResourceDefinition(resourceName).getSearchParam(name);
                if (param != null) {
                    result.put(name, param);
                }
            }
            return result;
        }
        return storedTypeParams.computeIfAbsent(resourceName, type -> {
            ResourceSearchParams stored = new ResourceSearchParams(type);
            for (IndexedParam param : params.paramsOf(type)) {
                stored.put(param.name(), param.definition());
            }
            return stored;
        });
    }

    @Override
    public RuntimeSearchParam getActiveSearchParamByUrl(@Nonnull String url,
            @Nonnull SearchParamLookupContextEnum context) {
        for (String type : params.resourceTypes()) {
            for (IndexedParam param : params.paramsOf(type)) {
                if (url.equals(param.definition().getUri())) {
                    return param.definition();
                }
            }
        }
        return null;
    }
}
