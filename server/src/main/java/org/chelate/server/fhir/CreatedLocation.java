package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * A PUT that creates the resource (201) answers with a {@code Location} header like a POST does; HAPI sets it only for
 * POST.
 */
@Interceptor
public final class CreatedLocation {

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean addLocation(RequestDetails request, ResponseDetails response) {
        if (request.getRestOperationType() != RestOperationTypeEnum.UPDATE || response.getResponseCode() != 201) {
            return true;
        }
        IIdType id = response.getResponseResource() != null
                && response.getResponseResource().getIdElement().hasIdPart()
                && response.getResponseResource().fhirType().equals(request.getResourceName())
                ? response.getResponseResource().getIdElement() : request.getId();
        if (id != null && id.hasIdPart()) {
            IIdType located = id.toUnqualifiedVersionless().withServerBase(request.getFhirServerBase(),
                    request.getResourceName());
            String location = id.hasVersionIdPart() ? located.withVersion(id.getVersionIdPart()).getValue()
                    : located.getValue();
            request.getResponse().addHeader(Constants.HEADER_LOCATION, location);
        }
        return true;
    }
}
