package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * The {@code issue.code} of an error OperationOutcome: what the HTTP status means (404 not-found, 410 deleted, 409 and
 * 412 conflict, 413 too-costly, 415 not-supported …) unless the code that threw the error said more precisely.
 */
final class OutcomeCodes {

    /** HAPI's message code for a search parameter its SearchPreferHandlingInterceptor does not know. */
    private static final String UNKNOWN_SEARCH_PARAMETER = "HAPI-0323:";

    private OutcomeCodes() {
    }

    static IssueType forStatus(int status) {
        return switch (status) {
            case 400 -> IssueType.INVALID;
            case 401 -> IssueType.LOGIN;
            case 403 -> IssueType.FORBIDDEN;
            case 404 -> IssueType.NOTFOUND;
            case 405, 406, 415, 501 -> IssueType.NOTSUPPORTED;
            case 409, 412 -> IssueType.CONFLICT;
            case 410 -> IssueType.DELETED;
            case 413 -> IssueType.TOOCOSTLY;
            case 422 -> IssueType.PROCESSING;
            case 429 -> IssueType.THROTTLED;
            case 503 -> IssueType.TRANSIENT;
            default -> status >= 500 ? IssueType.EXCEPTION : IssueType.PROCESSING;
        };
    }

    /** A 400 whose outcome says what the client asked for is not supported (rather than malformed). */
    static InvalidRequestException notSupported(String message) {
        InvalidRequestException e = new InvalidRequestException(message);
        e.setOperationOutcome(outcome(IssueType.NOTSUPPORTED, message));
        return e;
    }

    static OperationOutcome outcome(IssueType code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(code).setDiagnostics(message);
        return outcome;
    }

    /** Gives the exception an outcome with the code its status means, or corrects HAPI's generic 'processing'. */
    static void assign(BaseServerResponseException e, FhirContext context) {
        IssueType code = String.valueOf(e.getMessage()).startsWith(UNKNOWN_SEARCH_PARAMETER)
                ? IssueType.NOTSUPPORTED : forStatus(e.getStatusCode());
        if (e.getOperationOutcome() == null) {
            e.setOperationOutcome(outcome(code, e.getMessage()));
        } else if (e.getOperationOutcome() instanceof OperationOutcome existing && code != IssueType.PROCESSING
                && e.getStatusCode() != 422) {
            for (OperationOutcome.OperationOutcomeIssueComponent issue : existing.getIssue()) {
                if (!issue.hasCode() || issue.getCode() == IssueType.PROCESSING) {
                    issue.setCode(code);
                }
            }
        }
    }
}
