package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FhirIdsTest {

    @Test
    void newIdsAreValidDistinctTimeOrderedUuids() {
        long before = System.currentTimeMillis();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = FhirIds.newId();
            assertTrue(FhirIds.isValid(id), id);
            ids.add(id);
        }
        long after = System.currentTimeMillis();
        assertEquals(10_000, ids.size(), "no id repeats");
        for (String id : ids) {
            UUID uuid = UUID.fromString(id);
            assertEquals(7, uuid.version(), id);
            assertEquals(2, uuid.variant(), id);
            long millis = uuid.getMostSignificantBits() >>> 16;
            assertTrue(millis >= before && millis <= after, id + " carries its creation time " + millis);
        }
    }

    @Test
    void idsOfLaterMillisecondsSortAfterEarlierOnes() {
        String first = FhirIds.newId();
        long firstMillis = UUID.fromString(first).getMostSignificantBits() >>> 16;
        String later;
        do {
            later = FhirIds.newId();
        } while ((UUID.fromString(later).getMostSignificantBits() >>> 16) == firstMillis);
        assertTrue(later.compareTo(first) > 0, later + " sorts after " + first);
    }
}
