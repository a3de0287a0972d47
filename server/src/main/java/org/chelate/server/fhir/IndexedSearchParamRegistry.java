package org.chelate.server.fhir;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ResourceSearchParams;
import jakarta.annotation.Nonnull;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;

/**
 * HAPI's view of the search parameters this server supports: exactly the ones the store indexes. Used by the
 * CapabilityStatement and by HAPI's {@code SearchPreferHandlingInterceptor} (unknown parameter → 400, or ignored
 * with {@code Prefer: handling=lenient}).
 */
final class IndexedSearchParamRegistry implements ISearchParamRegistry {

    private final IndexedParams params;

    IndexedSearchParamRegistry(IndexedParams params) {
        this.params = params;
    }

    @Override
    public RuntimeSearchParam getActiveSearchParam(@Nonnull String resourceName, @Nonnull String paramName,
            @Nonnull SearchParamLookupContextEnum context) {
        return params.param(resourceName, paramName).map(IndexedParam::definition).orElse(null);
    }

    @Override
    public ResourceSearchParams getActiveSearchParams(@Nonnull String resourceName,
            @Nonnull SearchParamLookupContextEnum context) {
        ResourceSearchParams result = new ResourceSearchParams(resourceName);
        for (IndexedParam param : params.paramsOf(resourceName)) {
            result.put(param.name(), param.definition());
        }
        return result;
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
