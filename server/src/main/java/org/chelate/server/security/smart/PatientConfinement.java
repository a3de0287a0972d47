package org.chelate.server.security.smart;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.chelate.server.security.smart.SmartScope.Context;

/**
 * Requests a token confined to one patient's compartment is refused before any rule looks at them: system-level search
 * and history (which span every patient), and a compartment search ({@code Patient/x/Observation}) or
 * {@code $everything} of another patient. HAPI's rules would also refuse the latter by the resources they return;
 * refusing by the request makes an empty answer about another patient a 403 too.
 */
final class PatientConfinement {

    private PatientConfinement() {
    }

    static boolean refuses(AccessToken token, RequestDetails request) {
        String patient = confinedTo(token);
        if (patient == null) {
            return false;
        }
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (isSystemSearch(request) || operation == RestOperationTypeEnum.HISTORY_SYSTEM) {
            return true;
        }
        boolean aboutOnePatient = "Patient".equals(request.getResourceName()) && request.getId() != null
                && (request.getCompartmentName() != null || "$everything".equals(request.getOperation()));
        return aboutOnePatient && !patient.equals(request.getId().getIdPart());
    }

    /** {@code GET [base]?...}: HAPI names it SEARCH_SYSTEM, or SEARCH_TYPE without a type. */
    static boolean isSystemSearch(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        return operation == RestOperationTypeEnum.SEARCH_SYSTEM
                || (operation == RestOperationTypeEnum.SEARCH_TYPE && (request.getResourceName() == null
                        || request.getResourceName().isEmpty()));
    }

    /**
     * A compartment search of the token's own patient ({@code Patient/own/Observation}) by a confined token, without
     * chains or {@code _has} (what those read on the way is no returned resource, so no rule would judge it).
     */
    static boolean ownCompartmentSearch(AccessToken token, RequestDetails request) {
        String patient = token == null ? null : confinedTo(token);
        boolean plain = request.getParameters().keySet().stream()
                .noneMatch(name -> name.startsWith("_has") || name.indexOf('.') > 0);
        return patient != null && plain && request.getRestOperationType() == RestOperationTypeEnum.SEARCH_TYPE
                && request.getCompartmentName() != null && "Patient".equals(request.getResourceName())
                && request.getId() != null && patient.equals(request.getId().getIdPart());
    }

    /** The patient a token is confined to: its scopes are all patient/ (or user/ of a Patient user); else null. */
    private static String confinedTo(AccessToken token) {
        boolean patientUser = token.fhirUser() != null && token.fhirUser().isPatient();
        String patient = token.patientId() != null ? token.patientId() : patientUser ? token.fhirUser().id() : null;
        if (patient == null) {
            return null;
        }
        for (SmartScope scope : token.scopes()) {
            boolean confined = scope.context() == Context.PATIENT
                    || (scope.context() == Context.USER && patientUser);
            if (!confined) {
                return null;
            }
        }
        return patient;
    }
}
