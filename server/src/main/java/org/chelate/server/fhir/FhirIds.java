package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.regex.Pattern;
import org.chelate.plugin.ids.TimeOrderedUuid;

/** FHIR logical ids: 1–64 of [A-Za-z0-9-.] (R4 id datatype). */
final class FhirIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirIds() {
    }

    static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    static String requireValid(String id) {
        if (!isValid(id)) {
            throw new InvalidRequestException("'" + id + "' is not a valid FHIR id: use 1 to 64 characters of "
                    + "A-Z, a-z, 0-9, '-' and '.'");
        }
        return id;
    }

    /** A new server-assigned id: a time-ordered UUID ({@link TimeOrderedUuid}), so the (type, id) index grows at its end. */
    static String newId() {
        return TimeOrderedUuid.next().toString();
    }
}
