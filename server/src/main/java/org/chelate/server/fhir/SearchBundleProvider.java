package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * The results of a search, read page by page from the store (HAPI keeps this object in its paging provider and
 * asks it for the page a next link names). The total is counted once, on first demand.
 */
final class SearchBundleProvider implements IBundleProvider {

    private final ResourceService service;
    private final SearchRequest request;
    private final InstantType published = new InstantType(new Date());
    private volatile Integer size;

    SearchBundleProvider(ResourceService service, SearchRequest request) {
        this.service = service;
        this.request = request;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        int limit = Math.max(0, toIndex - fromIndex);
        if (limit == 0) {
            return List.of();
        }
        return service.store().read(tx -> service.searchPage(tx, request, fromIndex, limit));
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        Integer known = size;
        if (known == null) {
            long count = service.store().read(tx -> tx.count(request.spec()));
            known = (int) Math.min(Integer.MAX_VALUE, count);
            size = known;
        }
        return known;
    }
}
