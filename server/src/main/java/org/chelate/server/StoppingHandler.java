package org.chelate.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's graceful stop: requests already being handled finish; a request arriving while the server stops gets a
 * 503 with a FHIR OperationOutcome (instead of Jetty's HTML page) and its connection is closed.
 */
final class StoppingHandler extends GracefulHandler {

    private static final ByteBuffer STOPPING = ByteBuffer.wrap("""
            {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",\
            "diagnostics":"The server is shutting down; retry against a running instance."}]}"""
            .getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer();

    StoppingHandler(Handler handler) {
        super(handler);
    }

    @Override
    protected void handleShutdownRejection(Request request, Response response, Callback callback) {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE_503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.write(true, STOPPING.duplicate(), callback);
    }
}
