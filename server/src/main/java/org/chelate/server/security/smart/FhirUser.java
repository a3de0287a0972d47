package org.chelate.server.security.smart;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user an access token speaks for, from its SMART {@code fhirUser} claim: a FHIR resource (Patient, Practitioner,
 * PractitionerRole, RelatedPerson, Person), relative ({@code Practitioner/7}) or absolute (its server's base first).
 */
public record FhirUser(String resourceType, String id) {

    private static final Pattern REFERENCE = Pattern.compile(
            "(?:https?://[^\\s?#]+/)?(Patient|Practitioner|PractitionerRole|RelatedPerson|Person)/"
                    + "([A-Za-z0-9\\-.]{1,64})(?:/_history/[A-Za-z0-9\\-.]{1,64})?");

    /** The user named by {@code claim}, or null when the claim is absent or names no user resource. */
    public static FhirUser parse(String claim) {
        if (claim == null) {
            return null;
        }
        Matcher matcher = REFERENCE.matcher(claim.trim());
        return matcher.matches() ? new FhirUser(matcher.group(1), matcher.group(2)) : null;
    }

    public boolean isPatient() {
        return "Patient".equals(resourceType);
    }

    /** {@code Practitioner/7}: for logs and the audit trail. */
    public String reference() {
        return resourceType + "/" + id;
    }
}
