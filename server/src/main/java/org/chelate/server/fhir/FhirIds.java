package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.regex.Pattern;

/** FHIR logical ids: 1–64 of [A-Za-z0-9-.] (R4 id datatype). */
final class FhirIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

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

    /**
     * A new server-assigned id: a time-ordered UUID (version 7, RFC 9562: 48 bits of epoch milliseconds, then 74
     * random bits from a SecureRandom). Ids made close in time sort close together, so the store's (type, id) index
     * grows at its end instead of touching a random page per create (which H2 then rewrites on every file write);
     * the random bits keep ids unguessable.
     */
    static String newId() {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = System.currentTimeMillis();
        long high = (millis << 16) | 0x7000L | ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long low = 0x8000_0000_0000_0000L | (ByteBuffer.wrap(random, 2, 8).getLong() & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(high, low).toString();
    }
}
