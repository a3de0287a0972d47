package org.chelate.server.store;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.List;

/** A search parameter the store indexes on write: HAPI's definition plus its compiled paths. */
public record IndexedParam(RuntimeSearchParam definition, List<ElementPath> paths) {

    public String name() {
        return definition.getName();
    }

    public RestSearchParameterTypeEnum type() {
        return definition.getParamType();
    }
}
