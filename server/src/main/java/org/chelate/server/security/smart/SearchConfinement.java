package org.chelate.server.security.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.chelate.server.fhir.SearchReach;
import org.chelate.server.security.smart.SmartScope.Context;
import org.chelate.server.security.smart.SmartScope.Interaction;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Keeps the chains and {@code _has} of a compartment-confined token's searches inside its compartment. HAPI's rules
 * judge the resources a search returns; what a chain reads on the way is invisible to them. So a confined token's
 * searches carry a {@link SearchReach} (the store then reads chained and reverse-chained resources only from the
 * patient's compartment and the types the token reads outright), and where no search handler can apply it, in
 * Bundle entries and {@code If-None-Exist} conditions, chains and {@code _has} are refused (403).
 */
final class SearchConfinement {

    private SearchConfinement() {
    }

    /** The token's reach, or null when no scope confines it to a patient. */
    static SearchReach reach(AccessToken token) {
        String patient = null;
        for (SmartScope scope : token.scopes()) {
            if (scope.context() == Context.PATIENT && token.patientId() != null) {
                patient = token.patientId();
            } else if (patient == null && scope.context() == Context.USER && token.fhirUser() != null
                    && token.fhirUser().isPatient()) {
                patient = token.fhirUser().id();
            }
        }
        return patient == null ? null : new SearchReach(patient, type -> readsOutright(token, type));
    }

    private static boolean readsOutright(AccessToken token, String type) {
        for (SmartScope scope : token.scopes()) {
            if (!scope.coversType(type) || !(scope.allows(Interaction.READ) || scope.allows(Interaction.SEARCH))) {
                continue;
            }
            boolean unconfined = scope.context() == Context.SYSTEM || (scope.context() == Context.USER
                    && token.fhirUser() != null && !token.fhirUser().isPatient());
            if (unconfined || SmartAuthorizationInterceptor.SHARED_TYPES.contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** Leaves the reach for the search handler, and refuses chains where it cannot be applied. */
    static void apply(RequestDetails request, AccessToken token) {
        SearchReach reach = reach(token);
        if (reach == null) {
            return;
        }
        request.getUserData().put(SearchReach.KEY, reach);
        refuseChained(request.getHeader("If-None-Exist"));
        if (request.getResource() instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                refuseChained(entry.getRequest().getUrl());
                refuseChained(entry.getRequest().getIfNoneExist());
            }
        }
    }

    private static void refuseChained(String url) {
        if (url == null || !url.contains("?") && !url.contains("=")) {
            return;
        }
        String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : url;
        for (String pair : query.split("&")) {
            String name = java.net.URLDecoder.decode(pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair,
                    java.nio.charset.StandardCharsets.UTF_8);
            if (name.startsWith("_has:") || name.indexOf('.') > 0) {
                throw new ForbiddenOperationException("a patient-context token may not use chained search or _has"
                        + " in a Bundle entry or a condition ('" + name + "')");
            }
        }
    }
}
