package org.chelate.server.fhir;

import ca.uhn.fhir.rest.annotation.At;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.server.store.CrossTypeQueries;
import org.chelate.server.store.CrossTypeSpec;
import org.chelate.server.store.SearchSpec;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;

/**
 * System-level search ({@code GET [base]?_type=...}) with the parameters common to all types, and system history
 * ({@code GET [base]/_history}). Both page by offset (see {@link OffsetBundle}; history through HAPI's own
 * {@code _offset} links), so their next links work on any server instance.
 */
public final class SystemLevelProvider {

    /** What a system search takes; the rest of HAPI's own (_format, _pretty, _summary, _elements) pass through. */
    static final Set<String> SEARCH_PARAMS = Set.of("_type", "_id", "_lastUpdated", OffsetBundle.COUNT,
            OffsetBundle.OFFSET);
    private static final Set<String> FORMAT_PARAMS = Set.of("_format", "_pretty", "_summary", "_elements");

    private final ResourceService service;
    private final FhirEndpointSettings settings;

    SystemLevelProvider(ResourceService service, FhirEndpointSettings settings) {
        this.service = service;
        this.settings = settings;
    }

    @Search(allowUnknownParams = true)
    public Bundle search(RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        for (String name : parameters.keySet()) {
            if (!SEARCH_PARAMS.contains(name) && !FORMAT_PARAMS.contains(name)) {
                throw OutcomeCodes.notSupported("Parameter '" + name + "' is not supported by a system search; "
                        + "it takes " + String.join(", ", new java.util.TreeSet<>(SEARCH_PARAMS))
                        + " (search one type for its own parameters)");
            }
        }
        List<String> types = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<List<SearchSpec.DateBound>> lastUpdated = new ArrayList<>();
        for (String value : parameters.getOrDefault("_type", new String[0])) {
            for (String type : SearchRequestParser.splitOr(value)) {
                types.add(service.requireSupported(type));
            }
        }
        for (String value : parameters.getOrDefault("_id", new String[0])) {
            for (String id : SearchRequestParser.splitOr(value)) {
                FhirIds.requireValid(id);
                ids.add(id);
            }
        }
        for (String value : parameters.getOrDefault("_lastUpdated", new String[0])) {
            lastUpdated.add(SearchRequestParser.splitOr(value).stream()
                    .map(v -> SearchRequestParser.dateBound("_lastUpdated", v)).toList());
        }
        CrossTypeSpec spec = new CrossTypeSpec(types, ids, lastUpdated, null, null);
        OffsetBundle.Page page = OffsetBundle.page(request, settings);
        return service.store().read(tx -> {
            long total = CrossTypeQueries.count(tx, spec);
            List<IBaseResource> resources = new ArrayList<>();
            if (page.count() > 0) {
                for (StoredVersion stored : tx.readLiveByKeys(
                        CrossTypeQueries.keys(tx, spec, page.offset(), page.count()))) {
                    resources.add(service.codec().decode(stored));
                }
            }
            return OffsetBundle.searchset(request, page, total, resources);
        });
    }

    /** Every version of every stored resource, newest first; HAPI pages it by calling again with _offset. */
    @History
    public IBundleProvider history(@Since InstantType since, @At DateRangeParam at, @Offset Integer offset) {
        if (at != null && (at.getLowerBound() != null || at.getUpperBound() != null)) {
            throw OutcomeCodes.notSupported("_at is not supported by history; use _since");
        }
        if (offset != null && offset < 0) {
            throw new InvalidRequestException("_offset must be 0 or more, not " + offset);
        }
        Long sinceMs = since == null || since.getValue() == null ? null : since.getValue().getTime();
        return new HistoryBundleProvider(service, null, null, sinceMs, offset == null ? 0 : offset);
    }
}
