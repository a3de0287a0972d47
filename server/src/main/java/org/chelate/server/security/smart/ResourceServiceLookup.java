package org.chelate.server.security.smart;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.chelate.server.fhir.ResourceService;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** {@link CurrentResourceLookup} over Chelate's JDBC store, which does not fire HAPI's storage hooks. */
public final class ResourceServiceLookup implements CurrentResourceLookup {

    private final ResourceService service;

    public ResourceServiceLookup(ResourceService service) {
        this.service = service;
    }

    @Override
    public IBaseResource current(String type, String id) {
        try {
            return service.store().read(tx -> service.read(tx, type, id));
        } catch (BaseServerResponseException notThere) {
            // not found, deleted, unsupported type or bad id: nothing stored to protect; the write itself will say why
            return null;
        }
    }
}
