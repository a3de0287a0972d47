package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Set;

/**
 * A request body must be FHIR JSON or XML (or a form for POST .../_search, or a JSON Patch for PATCH): anything else,
 * including no Content-Type,
 * is 415 Unsupported Media Type.
 */
@Interceptor
public final class ContentTypeCheck {

    private static final Set<String> FHIR_TYPES = Set.of("application/fhir+json", "application/json",
            "application/json+fhir", "application/fhir+xml", "application/xml", "application/xml+fhir", "text/xml");
    private static final String JSON_PATCH = "application/json-patch+json";
    private static final String FORM = "application/x-www-form-urlencoded";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
    public boolean check(HttpServletRequest request) {
        String method = request.getMethod();
        if (!method.equals("POST") && !method.equals("PUT") && !method.equals("PATCH")) {
            return true;
        }
        boolean hasBody = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        String contentType = request.getContentType();
        String base = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (method.equals("POST") && base.equals(FORM) && request.getRequestURI().endsWith("/_search")) {
            return true;
        }
        if (!hasBody && base.isEmpty()) {
            return true;
        }
        String charsetProblem = charsetProblem(contentType);
        if (charsetProblem != null) {
            throw new UnclassifiedServerFailureException(415, charsetProblem);
        }
        if (method.equals("PATCH") && !FHIR_TYPES.contains(base) && !base.equals(JSON_PATCH)) {
            throw new UnclassifiedServerFailureException(415, "Unsupported Content-Type '"
                    + (contentType == null ? "" : contentType) + "' for PATCH: send a JSON Patch (" + JSON_PATCH
                    + ") or a FHIRPath Patch Parameters (application/fhir+json or application/fhir+xml)");
        }
        if (!method.equals("PATCH") && !FHIR_TYPES.contains(base)) {
            throw new UnclassifiedServerFailureException(415, "Unsupported Content-Type '"
                    + (contentType == null ? "" : contentType)
                    + "': send the resource as application/fhir+json or application/fhir+xml");
        }
        return true;
    }

    /** A message when the Content-Type names a charset Java does not know, else null. */
    static String charsetProblem(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("charset")) {
                String charset = pair[1].trim().replace("\"", "");
                boolean known;
                try {
                    known = java.nio.charset.Charset.isSupported(charset);
                } catch (IllegalArgumentException e) {
                    known = false;
                }
                if (!known) {
                    return "Unsupported charset '" + charset + "' in Content-Type: send UTF-8 "
                            + "(e.g. application/fhir+json; charset=UTF-8)";
                }
            }
        }
        return null;
    }
}
