package org.chelate.plugin.profile;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Rejects creates, updates and patches (judged by their result) whose resource fails validation (base R4, the
 * profiles the resource declares in {@code meta.profile}, Chelate terminology) with 422 and the OperationOutcome. Other requests (reads, searches,
 * operations such as $validate and $regimen-summary) pass untouched.
 */
@Interceptor
public final class WriteValidationInterceptor {

    private static final Set<RestOperationTypeEnum> WRITES = Set.of(RestOperationTypeEnum.CREATE, RestOperationTypeEnum.UPDATE);

    private final Supplier<ChelateValidation> validation;

    public WriteValidationInterceptor(Supplier<ChelateValidation> validation) {
        this.validation = validation;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void validateWrite(RequestDetails request, RestOperationTypeEnum operation) {
        if (!WRITES.contains(operation)) {
            return;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return;
        }
        refuseInvalid(validation.get().validate(new String(body, StandardCharsets.UTF_8)));
    }

    /**
     * A resource a server changed without a resource body (PATCH), handed over before it is stored, as HAPI's JPA
     * server does; creates and updates were judged by their bodies above.
     */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void validateChanged(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
        RestOperationTypeEnum operation = request == null ? null : request.getRestOperationType();
        if (!WRITES.contains(operation)) {
            refuseInvalid(validation.get().validate(newResource));
        }
    }

    private void refuseInvalid(ValidationResult result) {
        boolean hasErrors = result.getMessages().stream().anyMatch(m -> m.getSeverity() != null
                && m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
        if (hasErrors) {
            throw new UnprocessableEntityException(validation.get().context(), result.toOperationOutcome());
        }
    }
}
