package org.chelate.server.security.smart;

import java.util.List;

/**
 * A verified SMART access token: who ({@code subject}, {@code clientId}, and the {@code fhirUser} it names, e.g.
 * {@code Practitioner/7}, null when it names none), what ({@code scopes}) and, for patient-context tokens, whose data
 * ({@code patientId}, null when the token has no patient context).
 */
public record AccessToken(String subject, String clientId, String patientId, List<SmartScope> scopes, String tokenId,
        FhirUser fhirUser) {

    public AccessToken {
        scopes = List.copyOf(scopes);
    }

    /** Who to name in logs: the subject, else the client. */
    public String principal() {
        return subject != null ? subject : clientId;
    }
}
