package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.Date;
import java.util.List;
import org.chelate.server.store.StoreTransaction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * One page of a search, read from the store. Pages are addressed by offset: HAPI builds the self, next and previous
 * links from the request with {@code _offset} and {@code _count} (because {@link #getCurrentPageOffset()} is set), so
 * a next link is a plain search that any instance on the same database answers; nothing is kept between requests.
 * The total is counted once, on first demand, in the same query that finds the keys up to the end of this page
 * (HAPI asks for the total just before it asks for the page), as long as that end is within {@link #MAX_FIRST_KEYS}.
 */
final class SearchBundleProvider implements IBundleProvider {

    /** Beyond this many keys, the total is counted alone and the page read with OFFSET. */
    static final int MAX_FIRST_KEYS = 1000;

    private final ResourceService service;
    private final SearchRequest request;
    private final int offset;
    private final int pageSize;
    private final InstantType published = new InstantType(new Date());
    private final boolean counted;
    private volatile StoreTransaction.FirstKeys first;

    /**
     * @param offset   index of the first match of this page (the request's {@code _offset}, 0 without it)
     * @param pageSize matches on this page (the request's {@code _count} within the server's bounds; 0 for a count)
     * @param counted  false for {@code _total=none}: no total in the Bundle (the query that finds this page's keys
     *                 still counts, to know whether a next page follows)
     */
    SearchBundleProvider(ResourceService service, SearchRequest request, int offset, int pageSize, boolean counted) {
        this.service = service;
        this.counted = counted;
        this.request = request;
        this.offset = offset;
        this.pageSize = pageSize;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    /** HAPI asks for (0, MAX_VALUE): this page, matches then included resources. Indexes count from this page's start. */
    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        int limit = Math.min(toIndex, pageSize) - fromIndex;
        if (limit <= 0) {
            return List.of();
        }
        long start = (long) offset + fromIndex;
        StoreTransaction.FirstKeys known = firstKeys();
        List<Long> pks = known.pks();
        boolean allFound = pks.size() >= known.total();
        if (start + limit <= pks.size() || allFound) {
            List<Long> keys = pks.subList((int) Math.min(start, pks.size()), (int) Math.min(start + limit, pks.size()));
            return service.store().read(tx -> service.searchPage(tx, request, tx.readLiveByKeys(keys)));
        }
        return service.store().read(tx -> service.searchPage(tx, request, (int) start, limit));
    }

    @Override
    public Integer getCurrentPageOffset() {
        return offset;
    }

    @Override
    public Integer getCurrentPageSize() {
        return pageSize;
    }

    /** Non-blank while matches follow this page: HAPI then writes a next link at offset + page size. */
    @Override
    public String getNextPageId() {
        long next = (long) offset + pageSize;
        return pageSize > 0 && next < firstKeys().total() ? Long.toString(next) : null;
    }

    /** Non-blank past the first page: HAPI then writes a previous link at offset − page size (not below 0). */
    @Override
    public String getPreviousPageId() {
        return pageSize > 0 && offset > 0 ? Integer.toString(Math.max(0, offset - pageSize)) : null;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return pageSize;
    }

    @Override
    public Integer size() {
        if (!counted) {
            return null;
        }
        return (int) Math.min(Integer.MAX_VALUE, firstKeys().total());
    }

    private StoreTransaction.FirstKeys firstKeys() {
        StoreTransaction.FirstKeys known = first;
        if (known == null) {
            long end = (long) offset + pageSize;
            int keys = end <= MAX_FIRST_KEYS ? (int) Math.max(1, end) : 1;
            known = service.store().read(tx -> tx.firstKeysAndTotal(request.spec(), keys));
            first = known;
        }
        return known;
    }
}
