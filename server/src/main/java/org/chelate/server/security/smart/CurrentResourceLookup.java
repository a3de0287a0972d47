package org.chelate.server.security.smart;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads what is stored now, so that an update or delete is judged by the resource it replaces, not only by the body
 * sent. Needed with stores that do not fire HAPI's {@code STORAGE_PRESTORAGE_*} hooks (HAPI's AuthorizationInterceptor
 * checks the stored version only through those hooks).
 */
@FunctionalInterface
public interface CurrentResourceLookup {

    /** The current version of {@code type/id}, or null when there is none (never created, or deleted). */
    IBaseResource current(String type, String id);
}
