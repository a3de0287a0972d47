package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import java.util.Map;

/**
 * Search pages addressed by {@code _offset} and {@code _count} in the request itself, so that a next link made by one
 * instance is answered by any other on the same database (see {@link SearchBundleProvider}).
 */
final class OffsetPaging {

    private OffsetPaging() {
    }

    /** The request's parameters without {@code _offset}, which pages the search and is no criterion of it. */
    static Map<String, String[]> criteria(RequestDetails request) {
        Map<String, String[]> parameters = request.getParameters();
        return parameters.containsKey(Constants.PARAM_OFFSET) ? OffsetBundle.withoutPaging(parameters) : parameters;
    }

    /** The client's {@code _count} within the server's maximum; the server's default page size without one. */
    static int pageSize(Integer count, RequestDetails request) {
        IPagingProvider bounds = request.getServer().getPagingProvider();
        if (count == null) {
            return bounds.getDefaultPageSize();
        }
        return Math.min(count, bounds.getMaximumPageSize());
    }
}
