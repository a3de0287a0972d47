package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;

/** {@code _total}: {@code none} leaves the total out (no count query); {@code estimate} and {@code accurate} count. */
final class SearchTotal {

    private SearchTotal() {
    }

    /** Whether the search's Bundle carries a total. */
    static boolean wanted(Map<String, String[]> query) {
        String[] values = query.get("_total");
        if (values == null || values.length == 0) {
            return true;
        }
        if (values.length > 1) {
            throw new InvalidRequestException("_total is given " + values.length + " times; give it once");
        }
        return switch (values[0]) {
            case "none" -> false;
            case "estimate", "accurate" -> true;
            default -> throw new InvalidRequestException("_total must be none, estimate or accurate, not '"
                    + values[0] + "'");
        };
    }
}
