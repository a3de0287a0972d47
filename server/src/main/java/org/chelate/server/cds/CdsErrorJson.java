package org.chelate.server.cds;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The CDS Hooks branch of the server's Jetty error handling: errors Jetty answers itself on {@code /cds-services}
 * (a URI or headers too long, an ambiguous or NUL path, a broken request line) get the same JSON body as the
 * servlet's errors, {@code {"status":414,"error":"..."}}, instead of Jetty's HTML page. A server-wide
 * {@link ErrorHandler} asks {@link #handles} and, when true, calls {@link #write}; everything else it answers as it
 * would (e.g. OperationOutcome on /fhir).
 */
public final class CdsErrorJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CdsErrorJson() {
    }

    /** True when the request (as far as Jetty could read it) was for {@code /cds-services}. */
    public static boolean handles(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getPath();
        if (path == null) {
            return false;
        }
        return path.equals(CdsHooksMount.PATH) || path.startsWith(CdsHooksMount.PATH + "/");
    }

    /** Writes the JSON error for the status and message Jetty put on the request (its error attributes). */
    public static boolean write(Request request, Response response, Callback callback) {
        int status = request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer s ? s : response.getStatus();
        if (status < 400) {
            status = HttpStatus.BAD_REQUEST_400;
        }
        Object message = request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        String reason = HttpStatus.getMessage(status);
        String error = message instanceof String m && !m.isBlank() && !m.equals(reason)
                ? reason + ": " + m : reason;
        ObjectNode body = JSON.createObjectNode().put("status", status).put("error", error);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = ("{\"status\":" + status + ",\"error\":\"error\"}").getBytes(StandardCharsets.UTF_8);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(bytes), callback);
        return true;
    }
}
