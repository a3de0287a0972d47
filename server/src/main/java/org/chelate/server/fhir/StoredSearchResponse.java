package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.IRestfulResponse;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.util.DateUtils;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;

/**
 * Writes a search result Bundle with each entry's resource as the JSON text it was stored as, instead of HAPI encoding
 * every resource again (HAPI's encoding was the largest single cost of a search). The Bundle itself is still built by
 * HAPI and passes every other outgoing-response hook (authorization, audit) first; this runs last and only writes it.
 * It takes over only where HAPI's own output would be the same text:
 * <ul>
 *   <li>JSON, not pretty, not gzipped, and no parameter that changes how resources are encoded ({@code _summary},
 *       {@code _elements}, {@code _elements:exclude}, {@code _narrative}, {@code _count=0});</li>
 *   <li>a Bundle of the plain shape HAPI gives a search page: id, {@code meta.lastUpdated}, type, total, links with
 *       relation and url, entries with fullUrl, resource and {@code search.mode};</li>
 *   <li>every entry's resource was read from the store ({@link StoredJson}), still has the id and version
 *       it was read with, and holds no absolute reference to this server (HAPI would shorten those);</li>
 *   <li>no interceptor wants the response writer ({@code SERVER_OUTGOING_WRITER_CREATED}).</li>
 * </ul>
 * Anything else goes through HAPI as before.
 */
@Interceptor
public final class StoredSearchResponse {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String[] ENCODING_PARAMS = {Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS,
        Constants.PARAM_NARRATIVE};

    @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = Integer.MAX_VALUE)
    public boolean respond(RequestDetails request, ResponseDetails response) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation != RestOperationTypeEnum.SEARCH_TYPE && operation != RestOperationTypeEnum.GET_PAGE) {
            return true;
        }
        if (!(response.getResponseResource() instanceof Bundle bundle) || !plainRequest(request)) {
            return true;
        }
        String serverBase = request.getFhirServerBase();
        List<String> bodies = storedBodies(bundle, serverBase);
        if (bodies == null) {
            return true;
        }
        IRestfulResponse out = request.getResponse();
        if (bundle.getMeta().hasLastUpdated()) {
            out.addHeader(Constants.HEADER_LAST_MODIFIED, DateUtils.formatDate(bundle.getMeta().getLastUpdated()));
        }
        try {
            Writer writer = out.getResponseWriter(response.getResponseCode(),
                    RestfulServerUtils.determineResponseEncodingWithDefault(request).getResourceContentType(),
                    Constants.CHARSET_NAME_UTF8, false);
            write(bundle, bodies, writer);
            out.commitResponse(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return false;
    }

    private static boolean plainRequest(RequestDetails request) {
        for (Map.Entry<String, String[]> param : request.getParameters().entrySet()) {
            String name = param.getKey();
            for (String encodingParam : ENCODING_PARAMS) {
                if (name.startsWith(encodingParam)) {
                    return false;
                }
            }
            if (name.equals(Constants.PARAM_COUNT) && param.getValue().length > 0 && "0".equals(param.getValue()[0])) {
                return false;
            }
        }
        return StoredJson.compactJsonResponse(request);
    }

    /** The stored text of each entry's resource, or null when the Bundle is not one this can write as HAPI would. */
    private static List<String> storedBodies(Bundle bundle, String serverBase) {
        Meta meta = bundle.getMeta();
        if (bundle.hasIdentifier() || bundle.hasTimestamp() || bundle.hasSignature() || bundle.hasImplicitRules()
                || bundle.hasLanguage() || !bundle.hasType() || !bundle.hasId()
                || meta.hasVersionId() || meta.hasSource() || meta.hasProfile() || meta.hasSecurity() || meta.hasTag()
                || meta.hasExtension() || meta.hasId()) {
            return null;
        }
        for (Bundle.BundleLinkComponent link : bundle.getLink()) {
            if (link.hasId() || link.hasExtension() || link.hasModifierExtension() || !link.hasRelation() || !link.hasUrl()) {
                return null;
            }
        }
        List<String> bodies = new ArrayList<>(bundle.getEntry().size());
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.hasId() || entry.hasExtension() || entry.hasModifierExtension() || entry.hasLink()
                    || entry.hasRequest() || entry.hasResponse() || !entry.hasResource()
                    || (entry.hasSearch() && (entry.getSearch().hasScore() || entry.getSearch().hasId()
                    || entry.getSearch().hasExtension() || entry.getSearch().hasModifierExtension()))) {
                return null;
            }
            String body = StoredJson.unchanged(entry.getResource(), serverBase);
            if (body == null) {
                return null;
            }
            bodies.add(body);
        }
        return bodies;
    }

    /** The Bundle in HAPI's element order, compact. */
    private static void write(Bundle bundle, List<String> bodies, Writer writer) throws IOException {
        JsonGenerator json = JSON.createGenerator(writer);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        json.writeStartObject();
        json.writeStringField("resourceType", "Bundle");
        json.writeStringField("id", bundle.getIdElement().getIdPart());
        if (bundle.getMeta().hasLastUpdated()) {
            json.writeObjectFieldStart("meta");
            json.writeStringField("lastUpdated", bundle.getMeta().getLastUpdatedElement().getValueAsString());
            json.writeEndObject();
        }
        json.writeStringField("type", bundle.getTypeElement().getValueAsString());
        if (bundle.hasTotal()) {
            json.writeNumberField("total", bundle.getTotal());
        }
        if (bundle.hasLink()) {
            json.writeArrayFieldStart("link");
            for (Bundle.BundleLinkComponent link : bundle.getLink()) {
                json.writeStartObject();
                json.writeStringField("relation", link.getRelation());
                json.writeStringField("url", link.getUrl());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        if (bundle.hasEntry()) {
            json.writeArrayFieldStart("entry");
            for (int i = 0; i < bodies.size(); i++) {
                Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
                json.writeStartObject();
                if (entry.hasFullUrl()) {
                    json.writeStringField("fullUrl", entry.getFullUrl());
                }
                json.writeFieldName("resource");
                json.writeRawValue(bodies.get(i));
                if (entry.hasSearch() && entry.getSearch().hasMode()) {
                    json.writeObjectFieldStart("search");
                    json.writeStringField("mode", entry.getSearch().getModeElement().getValueAsString());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        json.flush();
    }
}
