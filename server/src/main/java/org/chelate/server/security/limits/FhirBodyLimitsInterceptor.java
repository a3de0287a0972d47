package org.chelate.server.security.limits;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses FHIR request bodies that nest too deep (400), carry too many Bundle entries (413) or hold control characters
 * in JSON strings (400) before HAPI parses them, and request paths or parameters with control characters (400: no
 * FHIR id, token or string holds one, and PostgreSQL cannot even compare a NUL). Byte size is limited earlier, at the
 * HTTP layer; this reads the (already bounded) body once and leaves it cached for HAPI.
 */
@Interceptor
public final class FhirBodyLimitsInterceptor {

    private final BodyShapeLimits limits;

    public FhirBodyLimitsInterceptor(BodyShapeLimits limits) {
        this.limits = limits;
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public boolean checkBody(RequestDetails request) {
        checkUrl(request);
        String method = request.getRequestType() == null ? "" : request.getRequestType().name();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return true;
        }
        String contentType = request.getHeader("Content-Type");
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        BodyShapeLimits.Finding finding;
        if (type.contains("json")) {
            finding = limits.checkJson(request.loadRequestContents());
        } else if (type.contains("xml")) {
            finding = limits.checkXml(request.loadRequestContents());
        } else {
            return true;
        }
        if (finding == null) {
            return true;
        }
        throw switch (finding.violation()) {
            case TOO_MANY_ENTRIES -> new PayloadTooLargeException(finding.message());
            case TOO_DEEP, CONTROL_CHARACTER -> new InvalidRequestException(finding.message());
        };
    }

    private static void checkUrl(RequestDetails request) {
        if (request.getRequestPath() != null && BodyShapeLimits.hasControlCharacter(request.getRequestPath())) {
            throw new InvalidRequestException("the request path holds a control character");
        }
        for (Map.Entry<String, String[]> parameter : request.getParameters().entrySet()) {
            boolean bad = BodyShapeLimits.hasControlCharacter(parameter.getKey());
            for (String value : parameter.getValue()) {
                bad |= value != null && BodyShapeLimits.hasControlCharacter(value);
            }
            if (bad) {
                throw new InvalidRequestException("a request parameter holds a control character");
            }
        }
    }
}
