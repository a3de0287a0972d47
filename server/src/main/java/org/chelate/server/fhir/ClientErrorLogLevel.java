package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * HAPI logs every exception an interceptor throws at ERROR, also the 4xx answers interceptors give on purpose (415
 * for a wrong Content-Type, 401, 422 …). A client's mistake is not a server error: those events are logged at DEBUG
 * instead; 5xx stay at ERROR.
 */
final class ClientErrorLogLevel extends TurboFilter {

    private static final String HAPI_INTERCEPTORS = "ca.uhn.fhir.interceptor.executor.BaseInterceptorService";

    /** Installs the filter once per logging context (when the logging back end is logback). */
    static synchronized void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(ClientErrorLogLevel.class::isInstance)) {
            ClientErrorLogLevel filter = new ClientErrorLogLevel();
            filter.setContext(context);
            filter.start();
            context.addTurboFilter(filter);
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.ERROR || !HAPI_INTERCEPTORS.equals(logger.getName()) || !clientError(t, params)) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isDebugEnabled()) {
            logger.debug(format, params);
        }
        return FilterReply.DENY;
    }

    private static boolean clientError(Throwable t, Object[] params) {
        if (t instanceof BaseServerResponseException e) {
            return e.getStatusCode() < 500;
        }
        if (params != null) {
            for (Object param : params) {
                if (param instanceof BaseServerResponseException e) {
                    return e.getStatusCode() < 500;
                }
            }
        }
        return false;
    }
}
