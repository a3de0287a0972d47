package org.chelate.server.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A searchset Bundle for one page of results found by offset, whose self, next and previous links repeat the request
 * with {@code _offset} and {@code _count}: any server instance over the same database answers them, as nothing of
 * the search is kept in memory between pages (the results come in a stable order).
 */
final class OffsetBundle {

    static final String OFFSET = "_offset";
    static final String COUNT = "_count";

    private OffsetBundle() {
    }

    /** The page asked for: _offset (default 0) and _count (default and maximum from the settings). */
    record Page(int offset, int count) {
    }

    static Page page(RequestDetails request, FhirEndpointSettings settings) {
        int offset = number(request, OFFSET, 0);
        int count = Math.min(number(request, COUNT, settings.defaultPageSize()), settings.maxPageSize());
        return new Page(offset, count);
    }

    private static int number(RequestDetails request, String name, int fallback) {
        String[] values = request.getParameters().get(name);
        if (values == null || values.length == 0 || values[0].isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(values[0].trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name + " must be a whole number of 0 or more, not '" + values[0] + "'");
        }
    }

    /** The request's parameters without the ones that name the page. */
    static Map<String, String[]> withoutPaging(Map<String, String[]> parameters) {
        Map<String, String[]> rest = new java.util.LinkedHashMap<>(parameters);
        rest.remove(OFFSET);
        return rest;
    }

    /** One page; resources carry their search mode (match unless marked include). */
    static Bundle searchset(RequestDetails request, Page page, long total, List<IBaseResource> resources) {
        Bundle bundle = new Bundle();
        bundle.setId(UUID.randomUUID().toString());
        bundle.getMeta().setLastUpdated(new Date());
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal((int) Math.min(Integer.MAX_VALUE, total));
        bundle.addLink().setRelation("self").setUrl(link(request, page.offset(), page.count()));
        if (page.count() > 0 && page.offset() + page.count() < total) {
            bundle.addLink().setRelation("next").setUrl(link(request, page.offset() + page.count(), page.count()));
        }
        if (page.offset() > 0 && page.count() > 0) {
            bundle.addLink().setRelation("previous")
                    .setUrl(link(request, Math.max(0, page.offset() - page.count()), page.count()));
        }
        String base = request.getFhirServerBase();
        for (IBaseResource resource : resources) {
            Bundle.BundleEntryComponent entry = bundle.addEntry();
            entry.setFullUrl(base + "/" + resource.getIdElement().toUnqualifiedVersionless().getValue());
            entry.setResource((Resource) resource);
            boolean include = resource instanceof IAnyResource any
                    && ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get(any) == BundleEntrySearchModeEnum.INCLUDE;
            entry.getSearch().setMode(include ? Bundle.SearchEntryMode.INCLUDE : Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static String link(RequestDetails request, int offset, int count) {
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            String name = parameter.getKey();
            if (name.equals(OFFSET) || name.equals(COUNT)) {
                continue;
            }
            for (String value : parameter.getValue()) {
                query.add(encode(name) + "=" + encode(value));
            }
        }
        query.add(COUNT + "=" + count);
        query.add(OFFSET + "=" + offset);
        String path = request.getRequestPath();
        return request.getFhirServerBase() + (path == null || path.isEmpty() ? "" : "/" + path) + "?" + query;
    }

    /** Query-encoded, keeping the commas, colons and slashes that FHIR values use (validators read them as is). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("%2C", ",").replace("%3A", ":")
                .replace("%2F", "/");
    }
}
