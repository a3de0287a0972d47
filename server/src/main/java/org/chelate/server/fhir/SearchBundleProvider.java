package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.chelate.server.store.StoreTransaction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * The results of a search, read page by page from the store (HAPI keeps this object in its paging provider and
 * asks it for the page a next link names). The total is counted once, on first demand, in the same query that finds
 * the keys of the first page (HAPI asks for the total just before it asks for the first page).
 */
final class SearchBundleProvider implements IBundleProvider {

    /** Keys found with the total when the client sent no _count: more than any default page, and only keys. */
    static final int FIRST_KEYS_WITHOUT_COUNT = 100;
    static final int MAX_FIRST_KEYS = 1000;

    private final ResourceService service;
    private final SearchRequest request;
    private final int firstKeys;
    private final boolean counted;
    private final InstantType published = new InstantType(new Date());
    private volatile Integer size;
    private volatile StoreTransaction.FirstKeys first;

    /** @param count the client's _count, or null */
    SearchBundleProvider(ResourceService service, SearchRequest request, Integer count) {
        this(service, request, count, true);
    }

    /** @param counted false for {@code _total=none}: no total in the Bundle, and no count query */
    SearchBundleProvider(ResourceService service, SearchRequest request, Integer count, boolean counted) {
        this.counted = counted;
        this.service = service;
        this.request = request;
        this.firstKeys = count == null ? FIRST_KEYS_WITHOUT_COUNT : Math.max(1, Math.min(count, MAX_FIRST_KEYS));
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
        StoreTransaction.FirstKeys known = first;
        if (fromIndex == 0 && known != null && (limit <= known.pks().size() || known.pks().size() >= known.total())) {
            List<Long> keys = known.pks().subList(0, Math.min(limit, known.pks().size()));
            return service.store().read(tx -> service.searchPage(tx, request, tx.readLiveByKeys(keys)));
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
        if (!counted) {
            return null;
        }
        Integer known = size;
        if (known == null) {
            StoreTransaction.FirstKeys found = service.store().read(tx -> tx.firstKeysAndTotal(request.spec(), firstKeys));
            first = found;
            known = (int) Math.min(Integer.MAX_VALUE, found.total());
            size = known;
        }
        return known;
    }
}
