package org.chelate.server.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/**
 * An error answered below the application (by Jetty itself: a malformed request line, a URI too long, headers too
 * large, an ambiguous path), in the format of the API the path belongs to: a FHIR OperationOutcome under /fhir, the
 * CDS Hooks servlet's own JSON error ({@code {"status": 414, "error": "URI Too Long: ..."}}) under /cds-services, and
 * a JSON error ({@code {"error": ..., "error_description": ...}}) anywhere else. When the request was too
 * malformed for its path to be read (414, 431, a bad request line), it is an OperationOutcome: JSON either way.
 *
 * @param contentType the Content-Type header to send
 * @param json        the body, UTF-8 JSON
 */
public record ErrorBody(String contentType, String json) {

    private static final String FHIR_PREFIX = "/fhir";
    private static final String CDS_PREFIX = "/cds-services";

    /** @param path the request path, or null when it could not be read */
    public static ErrorBody of(String path, int status, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        String quoted = new String(JsonStringEncoder.getInstance().quoteAsString(text));
        if (path == null || path.equals(FHIR_PREFIX) || path.startsWith(FHIR_PREFIX + "/")) {
            return new ErrorBody("application/fhir+json;charset=utf-8", "{\"resourceType\":\"OperationOutcome\","
                    + "\"issue\":[{\"severity\":\"error\",\"code\":\"" + issueCode(status) + "\",\"diagnostics\":\""
                    + quoted + "\"}]}");
        }
        if (path.equals(CDS_PREFIX) || path.startsWith(CDS_PREFIX + "/")) {
            String reason = HttpStatus.getMessage(status);
            String error = text.equals(reason) ? reason : reason + ": " + text;
            return new ErrorBody("application/json;charset=utf-8", "{\"status\":" + status + ",\"error\":\""
                    + new String(JsonStringEncoder.getInstance().quoteAsString(error)) + "\"}");
        }
        return new ErrorBody("application/json;charset=utf-8",
                "{\"error\":\"" + errorName(status) + "\",\"error_description\":\"" + quoted + "\"}");
    }

    public byte[] bytes() {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The FHIR IssueType that says what went wrong (http://hl7.org/fhir/issue-type). */
    static String issueCode(int status) {
        return switch (status) {
            case 400 -> "invalid";
            case 401 -> "login";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405, 415, 501 -> "not-supported";
            case 408, 504 -> "timeout";
            case 413 -> "too-costly";
            case 414, 431 -> "too-long";
            case 429, 503 -> "transient";
            default -> status >= 500 ? "exception" : "processing";
        };
    }

    /** e.g. {@code bad_request}, {@code uri_too_long}. */
    static String errorName(int status) {
        String reason = HttpStatus.getMessage(status);
        return reason == null ? "error" : reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_|_$", "");
    }
}
