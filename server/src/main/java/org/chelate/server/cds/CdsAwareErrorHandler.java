package org.chelate.server.cds;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The server's Jetty error handler: the CDS Hooks JSON error on {@code /cds-services} ({@link CdsErrorJson}), and
 * also where Jetty could not keep the request's path (a 414, or a path it refused to decode: it then reports
 * {@value #UNKNOWN_PATH}), since JSON serves every API client better than an HTML page; Jetty's own page elsewhere.
 * A handler for the other endpoints (OperationOutcome on /fhir) can take this one's place by asking
 * {@link CdsErrorJson#handles} first in the same way.
 */
public class CdsAwareErrorHandler extends ErrorHandler {

    /** The path Jetty gives the error request of a message it could not parse far enough to keep the path. */
    public static final String UNKNOWN_PATH = "/badMessage";

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (CdsErrorJson.handles(request) || pathUnknown(request)) {
            return CdsErrorJson.write(request, response, callback);
        }
        return super.handle(request, response, callback);
    }

    private static boolean pathUnknown(Request request) {
        return request.getHttpURI() == null || request.getHttpURI().getPath() == null
                || UNKNOWN_PATH.equals(request.getHttpURI().getPath());
    }
}
