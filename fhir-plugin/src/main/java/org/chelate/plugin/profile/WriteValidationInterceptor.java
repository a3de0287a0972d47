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

/**
 * Rejects creates and updates whose body fails validation (base R4, the profiles the resource declares in
 * {@code meta.profile}, Chelate terminology) with 422 and the OperationOutcome. Other requests (reads, searches,
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
        ValidationResult result = validation.get().validate(new String(body, StandardCharsets.UTF_8));
        boolean hasErrors = result.getMessages().stream().anyMatch(m -> m.getSeverity() != null
                && m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
        if (hasErrors) {
            throw new UnprocessableEntityException(validation.get().context(), result.toOperationOutcome());
        }
    }
}
