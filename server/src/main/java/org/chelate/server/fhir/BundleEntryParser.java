package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/** Reads a transaction or batch entry into a {@link BundleOp}, refusing what the server does not run. */
final class BundleEntryParser {

    private final ResourceService service;

    BundleEntryParser(ResourceService service) {
        this.service = service;
    }

    BundleOp parse(int index, BundleEntryComponent entry) {
        String where = "entry " + index;
        if (!entry.hasRequest() || entry.getRequest().getMethod() == null) {
            throw new InvalidRequestException(where + " has no request.method");
        }
        HTTPVerb method = entry.getRequest().getMethod();
        String url = entry.getRequest().getUrl();
        if (url == null || url.isBlank()) {
            throw new InvalidRequestException(where + " has no request.url");
        }
        String path = url;
        String query = null;
        int question = url.indexOf('?');
        if (question >= 0) {
            path = url.substring(0, question);
            query = url.substring(question + 1);
        }
        if (path.contains("://")) {
            path = stripBase(path);
        }
        String[] segments = path.replaceAll("^/+|/+$", "").split("/");
        String type = segments[0];
        if (type.isEmpty()) {
            throw new InvalidRequestException(where + ": request.url '" + url + "' names no resource type");
        }
        String id = segments.length > 1 ? segments[1] : null;
        String version = segments.length > 3 && segments[2].equals("_history") ? segments[3] : null;
        if (segments.length > 4 || (segments.length > 2 && version == null)) {
            throw new InvalidRequestException(where + ": unsupported request.url '" + url + "'");
        }
        if (type.startsWith("$") || (segments.length > 1 && segments[segments.length - 1].startsWith("$"))) {
            throw new InvalidRequestException(where + ": " + method + " " + url + " invokes an operation; operations "
                    + "are not supported inside a Bundle: call them directly");
        }
        service.requireSupported(type);
        if (id != null) {
            FhirIds.requireValid(id);
        }
        Resource resource = entry.getResource();
        String fullUrl = entry.getFullUrl();
        switch (method) {
            case POST -> {
                if (resource == null) {
                    throw new InvalidRequestException(where + " (POST " + type + ") has no resource");
                }
                if (id != null || query != null) {
                    throw new InvalidRequestException(where + ": POST url must be just the type, e.g. '" + type + "'");
                }
                requireType(where, type, resource);
                String condition = entry.getRequest().getIfNoneExist();
                return new BundleOp(index, method, type, null, null, null, resource, condition, fullUrl, null);
            }
            case PUT -> {
                if (resource == null) {
                    throw new InvalidRequestException(where + " (PUT " + url + ") has no resource");
                }
                requireType(where, type, resource);
                if (id == null) {
                    if (query == null || query.isBlank()) {
                        throw new InvalidRequestException(where + ": PUT needs " + type + "/<id> or " + type
                                + "?<search> (conditional update)");
                    }
                    return new BundleOp(index, method, type, null, null, null, resource, query, fullUrl, null);
                }
                if (resource.getIdElement().hasIdPart() && !id.equals(resource.getIdElement().getIdPart())) {
                    throw new InvalidRequestException(where + ": the resource's id '" + resource.getIdElement()
                            .getIdPart() + "' differs from the id in request.url '" + url + "'");
                }
                return new BundleOp(index, method, type, id, ifMatch(entry.getRequest()), null, resource, null,
                        fullUrl, null);
            }
            case DELETE -> {
                if (id == null) {
                    if (query == null || query.isBlank()) {
                        throw new InvalidRequestException(where + ": DELETE needs " + type + "/<id> or " + type
                                + "?<search> (conditional delete)");
                    }
                    return new BundleOp(index, method, type, null, null, null, null, query, fullUrl, null);
                }
                return new BundleOp(index, method, type, id, null, null, null, null, fullUrl, null);
            }
            case GET -> {
                return new BundleOp(index, method, type, id, version, query == null ? "" : query, null,
                        conditionalRead(entry.getRequest()), fullUrl, null);
            }
            case PATCH -> {
                if (resource == null) {
                    throw new InvalidRequestException(where + " (PATCH " + url + ") has no resource: a Binary holding "
                            + "a JSON Patch or a Parameters holding a FHIRPath Patch");
                }
                PatchDocument patch = PatchDocument.of(resource, where);
                if (id == null) {
                    if (query == null || query.isBlank()) {
                        throw new InvalidRequestException(where + ": PATCH needs " + type + "/<id> or " + type
                                + "?<search> (conditional patch)");
                    }
                    return new BundleOp(index, method, type, null, null, null, resource, query, fullUrl, patch);
                }
                return new BundleOp(index, method, type, id, ifMatch(entry.getRequest()), null, resource, null,
                        fullUrl, patch);
            }
            default -> throw new InvalidRequestException(where + ": method " + method + " is not supported");
        }
    }

    /** The version an entry's ifMatch names ("W/\"3\"" is 3), or null. */
    private static String ifMatch(Bundle.BundleEntryRequestComponent request) {
        String ifMatch = request.getIfMatch();
        return ifMatch == null ? null : ifMatch.trim().replaceAll("^(W/)?\"|\"$", "");
    }

    /** A GET's ifNoneMatch / ifModifiedSince, kept as "etag|epoch ms" (either may be empty), or null. */
    private static String conditionalRead(Bundle.BundleEntryRequestComponent request) {
        if (!request.hasIfNoneMatch() && !request.hasIfModifiedSince()) {
            return null;
        }
        String etag = request.hasIfNoneMatch() ? request.getIfNoneMatch().trim().replaceAll("^(W/)?\"|\"$", "") : "";
        String since = request.hasIfModifiedSince() ? Long.toString(request.getIfModifiedSince().getTime()) : "";
        return etag + "|" + since;
    }

    private static String stripBase(String absolute) {
        IdType id = new IdType(absolute);
        if (!id.hasResourceType()) {
            // e.g. http://host/fhir/Patient (a type without id)
            String[] parts = absolute.split("/");
            return parts[parts.length - 1];
        }
        return id.toUnqualified().getValue();
    }

    private void requireType(String where, String type, Resource resource) {
        String bodyType = resource.fhirType();
        if (!bodyType.equals(type)) {
            throw new InvalidRequestException(where + ": the resource is a " + bodyType + " but the url names " + type);
        }
    }
}
