package org.chelate.server.security.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.chelate.server.security.smart.AccessToken;
import org.chelate.server.security.smart.SmartAuthorizationInterceptor;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Audits the FHIR API: one line per write (create, update, patch, delete, transaction, batch), whatever its outcome,
 * and one per request refused with 401 or 403. Who (token subject, client, {@code fhirUser}, launch patient, or
 * {@code anonymous}), what
 * (operation, resource type and id), outcome and HTTP status; no resource content, no query strings.
 */
@Interceptor
public final class FhirAuditInterceptor {

    static final Set<RestOperationTypeEnum> WRITES = EnumSet.of(RestOperationTypeEnum.CREATE,
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH, RestOperationTypeEnum.DELETE,
            RestOperationTypeEnum.TRANSACTION, RestOperationTypeEnum.BATCH, RestOperationTypeEnum.META_ADD,
            RestOperationTypeEnum.META_DELETE, RestOperationTypeEnum.ADD_TAGS, RestOperationTypeEnum.DELETE_TAGS);

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        if (WRITES.contains(request.getRestOperationType())) {
            IIdType id = request.getId();
            IBaseResource body = response.getResponseResource();
            if (body != null && !(body instanceof IBaseOperationOutcome) && body.getIdElement().hasIdPart()
                    && request.getRestOperationType() != RestOperationTypeEnum.TRANSACTION
                    && request.getRestOperationType() != RestOperationTypeEnum.BATCH) {
                id = body.getIdElement();
            }
            AuditLog.record(line("fhir-write", "success", response.getResponseCode(), request, id, null));
        }
        return true;
    }

    @Hook(Pointcut.SERVER_HANDLE_EXCEPTION)
    public boolean failed(RequestDetails request, BaseServerResponseException exception) {
        int status = exception.getStatusCode();
        if (status == 401 || status == 403) {
            AuditLog.record(line("fhir-access", "denied", status, request, request.getId(), exception.getMessage()));
        } else if (WRITES.contains(request.getRestOperationType())) {
            // the message of other failures may quote the request body: status only
            AuditLog.record(line("fhir-write", "failed", status, request, request.getId(), null));
        }
        return true;
    }

    private static Map<String, Object> line(String event, String outcome, int status, RequestDetails request,
            IIdType id, String reason) {
        AccessToken token = SmartAuthorizationInterceptor.accessToken(request);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", event);
        fields.put("outcome", outcome);
        fields.put("status", status);
        fields.put("op", request.getRestOperationType() == null ? null : request.getRestOperationType().getCode());
        fields.put("method", request.getRequestType() == null ? null : request.getRequestType().name());
        fields.put("type", request.getResourceName());
        fields.put("id", id == null || !id.hasIdPart() ? null : id.toUnqualifiedVersionless().getValue()
                + (id.hasVersionIdPart() ? "/_history/" + id.getVersionIdPart() : ""));
        fields.put("who", token == null ? "anonymous" : token.principal());
        fields.put("client", token == null ? null : token.clientId());
        fields.put("user", token == null || token.fhirUser() == null ? null : token.fhirUser().reference());
        fields.put("patient", token == null ? null : token.patientId());
        fields.put("remote", remote(request));
        fields.put("reason", reason);
        return fields;
    }

    private static String remote(RequestDetails request) {
        if (request instanceof ca.uhn.fhir.rest.server.servlet.ServletRequestDetails servlet
                && servlet.getServletRequest() != null) {
            return servlet.getServletRequest().getRemoteAddr();
        }
        return null;
    }
}
