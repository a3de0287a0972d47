package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.UUID;
import org.chelate.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database failure reaches the client without SQL details: 503 (retry) when the store could not be reached or was
 * too busy to hand out a connection in time, else 500; the details go to the log under an id the client is given.
 * Every error's OperationOutcome gets the issue code its status means.
 */
@Interceptor
public final class StoreFailureTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailureTranslator.class);

    /**
     * The one hook of this pointcut (HAPI takes the first answer): store failures are translated, and every error
     * gets the {@code issue.code} its status means ({@link OutcomeCodes}).
     */
    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException translateAndCode(RequestDetails request, Throwable failure) {
        BaseServerResponseException answer = translate(failure);
        if (answer == null && failure instanceof BaseServerResponseException response) {
            answer = response;
        }
        if (answer != null) {
            OutcomeCodes.assign(answer, request.getFhirContext());
        }
        return answer;
    }

    private static BaseServerResponseException translate(Throwable failure) {
        StoreException store = find(failure);
        if (store == null) {
            return null;
        }
        String incident = UUID.randomUUID().toString();
        LOG.error("store failure {}", incident, store);
        if (isTransient(store)) {
            return new UnclassifiedServerFailureException(503, "The data store is unavailable or busy; retry shortly"
                    + " (incident " + incident + ")");
        }
        return new InternalErrorException("The data store failed (incident " + incident + ")");
    }

    private static StoreException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreException store) {
                return store;
            }
        }
        return null;
    }

    private static boolean isTransient(StoreException store) {
        if (store.unavailable()) {
            return true;
        }
        for (Throwable t = store.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
