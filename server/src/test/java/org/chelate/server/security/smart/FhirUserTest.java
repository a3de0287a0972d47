package org.chelate.server.security.smart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FhirUserTest {

    @Test
    void relativeAbsoluteAndVersionedReferencesToUserResources() {
        assertEquals(new FhirUser("Practitioner", "dr-1"), FhirUser.parse("Practitioner/dr-1"));
        assertEquals(new FhirUser("Practitioner", "7"), FhirUser.parse("https://ehr.example.org/fhir/Practitioner/7"));
        assertEquals(new FhirUser("Patient", "p1"), FhirUser.parse("Patient/p1/_history/3"));
        assertTrue(FhirUser.parse("Patient/p1").isPatient());
        assertFalse(FhirUser.parse("RelatedPerson/r").isPatient());
        assertEquals("PractitionerRole/x", FhirUser.parse("PractitionerRole/x").reference());
    }

    @Test
    void anythingElseNamesNoUser() {
        assertNull(FhirUser.parse(null));
        assertNull(FhirUser.parse("Observation/o1"));
        assertNull(FhirUser.parse("Practitioner/"));
        assertNull(FhirUser.parse("Practitioner/a b"));
        assertNull(FhirUser.parse("ftp://x/Practitioner/7"));
        assertNull(FhirUser.parse("dr-1"));
    }
}
