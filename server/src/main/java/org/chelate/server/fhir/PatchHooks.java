package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Hands a patched resource, before it is stored, to the interceptors of the request through HAPI's
 * {@link Pointcut#STORAGE_PRESTORAGE_RESOURCE_UPDATED}, as HAPI's JPA server does: a PATCH body is no resource, so
 * the checks that judge an update's body at the door (SMART authorization of the compartment, value bounds, write
 * validation) judge the patch's result here.
 */
@FunctionalInterface
interface PatchHooks {

    void beforeStore(IBaseResource old, IBaseResource patched);

    /** No hooks (in-process callers without a request). */
    PatchHooks NONE = (old, patched) -> { };

    static PatchHooks of(RequestDetails request) {
        if (request == null || request.getInterceptorBroadcaster() == null) {
            return NONE;
        }
        return (old, patched) -> {
            IInterceptorBroadcaster broadcaster = request.getInterceptorBroadcaster();
            if (!broadcaster.hasHooks(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)) {
                return;
            }
            HookParams params = new HookParams()
                    .add(IBaseResource.class, old)
                    .add(IBaseResource.class, patched)
                    .add(RequestDetails.class, request)
                    .addIfMatchesType(ServletRequestDetails.class, request)
                    .add(TransactionDetails.class, new TransactionDetails());
            broadcaster.callHooks(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, params);
        };
    }
}
