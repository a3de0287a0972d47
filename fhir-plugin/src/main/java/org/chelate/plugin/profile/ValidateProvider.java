package org.chelate.plugin.profile;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.UriType;
import java.util.function.Supplier;

/**
 * {@code POST [base]/{MedicationStatement|MedicationRequest|Observation}/$validate}: the resource as the body, or as
 * the {@code resource} parameter of a Parameters body, with an optional {@code profile} (e.g. Chelate's supplement
 * statement profile). Answers 200 with an OperationOutcome listing the issues, as the FHIR spec says.
 */
public final class ValidateProvider {

    private final Supplier<ChelateValidation> validation;

    /** @param validation built on first use (snapshot generation and validator set-up take seconds) */
    public ValidateProvider(Supplier<ChelateValidation> validation) {
        this.validation = validation;
    }

    @Operation(name = "$validate", type = MedicationStatement.class, idempotent = false)
    public OperationOutcome validateStatement(@OperationParam(name = "resource", min = 0, max = 1) IBaseResource resource,
            @OperationParam(name = "mode", min = 0, max = 1) CodeType mode,
            @OperationParam(name = "profile", min = 0, max = 1) UriType profile) {
        return validate(resource, mode, profile, MedicationStatement.class);
    }

    @Operation(name = "$validate", type = MedicationRequest.class, idempotent = false)
    public OperationOutcome validateRequest(@OperationParam(name = "resource", min = 0, max = 1) IBaseResource resource,
            @OperationParam(name = "mode", min = 0, max = 1) CodeType mode,
            @OperationParam(name = "profile", min = 0, max = 1) UriType profile) {
        return validate(resource, mode, profile, MedicationRequest.class);
    }

    @Operation(name = "$validate", type = Observation.class, idempotent = false)
    public OperationOutcome validateObservation(@OperationParam(name = "resource", min = 0, max = 1) IBaseResource resource,
            @OperationParam(name = "mode", min = 0, max = 1) CodeType mode,
            @OperationParam(name = "profile", min = 0, max = 1) UriType profile) {
        return validate(resource, mode, profile, Observation.class);
    }

    /** {@code mode}: create and update validate the resource as given; delete (which needs no resource) is not offered. */
    private OperationOutcome validate(IBaseResource resource, CodeType mode, UriType profile,
            Class<? extends IBaseResource> type) {
        if (mode != null && mode.hasValue() && !mode.getValue().equals("create") && !mode.getValue().equals("update")) {
            throw new InvalidRequestException("$validate mode '" + mode.getValue() + "' is not supported; use create "
                    + "or update");
        }
        if (resource == null) {
            throw new InvalidRequestException("$validate needs a " + type.getSimpleName()
                    + " as the request body or as the 'resource' parameter");
        }
        if (!type.isInstance(resource)) {
            throw new InvalidRequestException("$validate on " + type.getSimpleName() + " was given a "
                    + validation.get().context().getResourceType(resource));
        }
        ValidationResult result = profile == null || profile.isEmpty()
                ? validation.get().validate(resource)
                : validation.get().validate(resource, profile.getValue());
        OperationOutcome outcome = (OperationOutcome) result.toOperationOutcome();
        if (!outcome.hasIssue()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No issues detected during validation");
        }
        return outcome;
    }
}
