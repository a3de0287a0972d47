package org.chelate.server.security.limits;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.chelate.plugin.numbers.DecimalBounds;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses, before anything is parsed, computed or stored, values that no stored resource may hold and that would poison
 * every later read of it: a body that is not UTF-8 (400), a string with an unpaired surrogate (400) and a number
 * outside {@link DecimalBounds} (422, naming the element). JSON bodies are
 * scanned as text before HAPI parses them (its parser would spend minutes expanding {@code 1e999999}); other bodies
 * (XML), and JSON bodies with a number written as a string (which HAPI accepts for a decimal), are checked once parsed,
 * before the operation runs.
 */
@Interceptor
public final class FhirValueChecks {

    /** Set on a JSON request whose text scan cannot settle it: a string holds an out-of-bounds number's text. */
    private static final String CHECK_PARSED = FhirValueChecks.class.getName() + ".checkParsed";

    private final FhirContext context;

    public FhirValueChecks(FhirContext context) {
        this.context = context;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean checkBody(RequestDetails request) {
        if (!hasBody(request)) {
            return true;
        }
        String contentType = request.getHeader("Content-Type");
        Charset charset = charset(CharsetFilter.charsetOf(contentType));
        if (charset == null) {
            return true; // a charset Java does not know: refused with 415 by ContentTypeCheck
        }
        byte[] body = request.loadRequestContents();
        if (charset.equals(StandardCharsets.UTF_8)) {
            int malformed = Utf8Text.firstMalformedByte(body);
            if (malformed >= 0) {
                throw invalid("the request body is not valid UTF-8 (malformed bytes at offset " + malformed + ")",
                        null);
            }
        }
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json")) {
            JsonValueScan.Scan scan = charset.equals(StandardCharsets.UTF_8) ? JsonValueScan.scan(body)
                    : JsonValueScan.scan(new String(body, charset));
            refuse(scan.finding());
            if (scan.numberOutOfBoundsInString()) {
                request.getUserData().put(CHECK_PARSED, Boolean.TRUE);
            }
        }
        return true;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkParsedResource(RequestDetails request) {
        String contentType = request.getHeader("Content-Type");
        boolean json = contentType != null && contentType.toLowerCase(Locale.ROOT).contains("json");
        if (request.getResource() != null && hasBody(request)
                && (!json || request.getUserData().containsKey(CHECK_PARSED))) {
            refuse(ResourceValueScan.firstFinding(context, request.getResource()));
        }
    }

    /** A patched resource (PATCH has no resource body to check at the door), before it is stored. */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void checkPatchedResource(RequestDetails request, IBaseResource oldResource, IBaseResource newResource) {
        refuse(ResourceValueScan.firstFinding(context, newResource));
    }

    private void refuse(JsonValueScan.Finding finding) {
        if (finding == null) {
            return;
        }
        String where = finding.path().isEmpty() ? "the body" : finding.path();
        if (finding.kind() == JsonValueScan.Kind.UNPAIRED_SURROGATE) {
            throw invalid(where + ": the text holds an unpaired UTF-16 surrogate, which is not a Unicode character",
                    finding.path());
        }
        OperationOutcome outcome = outcome(IssueType.VALUE, where + ": the number " + finding.value()
                + " is outside what Chelate stores (" + DecimalBounds.DESCRIPTION + ")", finding.path());
        throw new UnprocessableEntityException(context, outcome);
    }

    /** The charset a body is decoded with: UTF-8 (FHIR's) when none is named; null for one Java does not know. */
    private static Charset charset(String named) {
        try {
            return named == null ? StandardCharsets.UTF_8 : Charset.forName(named);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static boolean hasBody(RequestDetails request) {
        String method = request.getRequestType() == null ? "" : request.getRequestType().name();
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private static InvalidRequestException invalid(String message, String path) {
        return new InvalidRequestException(message, outcome(IssueType.INVALID, message, path));
    }

    private static OperationOutcome outcome(IssueType code, String message, String path) {
        OperationOutcome outcome = new OperationOutcome();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
                .setSeverity(IssueSeverity.ERROR)
                .setCode(code)
                .setDiagnostics(message);
        if (path != null && !path.isEmpty()) {
            issue.addExpression(path);
        }
        return outcome;
    }
}
