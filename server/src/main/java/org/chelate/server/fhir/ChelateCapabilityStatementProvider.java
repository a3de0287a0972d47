package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ServerCapabilityStatementProvider;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * HAPI's CapabilityStatement and OperationDefinitions, the latter completed by {@link OperationDefinitionAmendments}
 * (HAPI invokes its own {@code @Read} binding, which dispatches here).
 */
final class ChelateCapabilityStatementProvider extends ServerCapabilityStatementProvider {

    ChelateCapabilityStatementProvider(RestfulServer server, ISearchParamRegistry registry) {
        super(server, registry, null);
        setPublisher("Chelate");
    }

    @Override
    public IBaseResource readOperationDefinition(IIdType id, RequestDetails request) {
        return OperationDefinitionAmendments.amend(super.readOperationDefinition(id, request), id);
    }
}
