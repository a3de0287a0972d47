package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/** The errors of a PATCH, each with the {@code issue.code} that says what went wrong. */
final class PatchProblem {

    private PatchProblem() {
    }

    /** 400 invalid: the patch document is not a well-formed JSON Patch or FHIRPath Patch. */
    static InvalidRequestException malformed(String message) {
        return new InvalidRequestException(message, OutcomeCodes.outcome(IssueType.INVALID, message));
    }

    /** 422 processing: a well-formed patch that does not fit the resource (no such path, a failed test). */
    static UnprocessableEntityException notApplicable(String message) {
        return unprocessable(IssueType.PROCESSING, "The patch cannot be applied: " + message);
    }

    /** 422 business-rule: the patch would change what a patch may not change (id, resourceType). */
    static UnprocessableEntityException forbiddenChange(String message) {
        return unprocessable(IssueType.BUSINESSRULE, message);
    }

    /** 422 structure: the patched resource is not a valid R4 resource. */
    static UnprocessableEntityException invalidResult(String message) {
        return unprocessable(IssueType.STRUCTURE, "The patched resource is not valid FHIR R4: " + message);
    }

    private static UnprocessableEntityException unprocessable(IssueType code, String message) {
        UnprocessableEntityException e = new UnprocessableEntityException(message);
        e.setOperationOutcome(OutcomeCodes.outcome(code, message));
        return e;
    }
}
