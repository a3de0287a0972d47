package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The JSON text a resource was stored as, carried in its user data from the store to the response, and the two
 * questions the responders that send it ({@link StoredBodyResponse}, {@link StoredSearchResponse}) both ask: would HAPI
 * write this request's response as compact JSON, and is the resource still the text that was stored.
 */
final class StoredJson {

    private static final String KEY = StoredJson.class.getName();

    private StoredJson() {
    }

    /** Remembers the text a resource was stored as (right after the store wrote it, or read it). */
    static void remember(IBaseResource resource, String json) {
        resource.setUserData(KEY, json);
    }

    /** The text remembered for the resource, or null (judging whether it still holds is {@link #unchanged}). */
    static String of(IBaseResource resource) {
        return resource.getUserData(KEY) instanceof String json ? json : null;
    }

    /**
     * The stored text of a resource when HAPI would write the same text for it: it was remembered, holds the id and
     * version the resource has now, and no absolute reference to this server (HAPI would shorten those); else null.
     */
    static String unchanged(IBaseResource resource, String serverBase) {
        String json = of(resource);
        if (json == null || (serverBase != null && json.contains(serverBase))) {
            return null;
        }
        IIdType id = resource.getIdElement();
        if (!id.hasIdPart() || !id.hasVersionIdPart() || !json.contains("\"id\":\"" + id.getIdPart() + "\"")
                || !json.contains("\"versionId\":\"" + id.getVersionIdPart() + "\"")) {
            return null;
        }
        return json;
    }

    /** HAPI would answer this request in compact JSON, not gzipped, and no interceptor wants the writer. */
    static boolean compactJsonResponse(RequestDetails request) {
        if (request.isRespondGzip()
                || RestfulServerUtils.determineResponseEncodingWithDefault(request).getEncoding() != EncodingEnum.JSON
                || RestfulServerUtils.prettyPrintResponse(request.getServer(), request)) {
            return false;
        }
        var interceptors = request.getServer().getInterceptorService();
        return interceptors == null || !interceptors.hasHooks(Pointcut.SERVER_OUTGOING_WRITER_CREATED);
    }
}
