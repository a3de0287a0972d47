package org.chelate.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.List;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error pages in the server's own formats ({@link ErrorBody}) instead of HTML, whatever the client accepts:
 * install one instance on the Server (errors before any context, e.g. 414, 431, "Ambiguous URI path separator") and on
 * the servlet context (a servlet's {@code sendError}, e.g. 405). A core (not servlet) error handler, so that it also
 * serves requests that never reached a servlet context.
 */
public final class FormattedErrorHandler extends ErrorHandler {

    /** The path Jetty gives a request whose request line or headers it could not parse. */
    private static final String UNREAD_PATH = "/badMessage";

    public FormattedErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        write(request, response, callback, code, message);
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
            String contentType, List<Charset> charsets, int code, String message, Throwable cause) {
        write(request, response, callback, code, message);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        ErrorBody body = ErrorBody.of(null, status, reason);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, body.contentType()));
        return ByteBuffer.wrap(body.bytes());
    }

    private static void write(Request request, Response response, Callback callback, int code, String message) {
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        ErrorBody body = ErrorBody.of(UNREAD_PATH.equals(path) ? null : path, code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, body.contentType());
        response.write(true, ByteBuffer.wrap(body.bytes()), callback);
        ServletContextRequest servlet = Request.as(request, ServletContextRequest.class);
        if (servlet != null) {
            servlet.getServletChannel().sendErrorResponseAndComplete();
        }
    }
}
