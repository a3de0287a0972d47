package org.chelate.server.fhir;

import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Resource;

/**
 * A transaction or batch entry as parsed: what to do, on which type/id, with which condition or search; a PATCH
 * entry carries its parsed patch (its resource is the patch document, searched for urn:uuid references like others).
 */
record BundleOp(int index, HTTPVerb method, String type, String id, String version, String query,
        Resource resource, String condition, String fullUrl, PatchDocument patch) {

    BundleOp withPatch(PatchDocument newPatch) {
        return new BundleOp(index, method, type, id, version, query, resource, condition, fullUrl, newPatch);
    }

    String describe() {
        return "entry " + index + " (" + method + " " + type + (id == null ? "" : "/" + id) + ")";
    }
}
