package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import ca.uhn.fhir.context.FhirContext;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class ResourceCodecTest {

    private final ResourceCodec codec = new ResourceCodec(FhirContext.forR4Cached());

    private static StoredVersion stored(long version, String status) {
        return new StoredVersion(1, "Observation", "o1", version, 0, false, """
                {"resourceType":"Observation","id":"o1","meta":{"versionId":"%d"},"status":"%s",\
                "code":{"text":"serum magnesium"}}""".formatted(version, status));
    }

    @Test
    void everyDecodeIsANewObjectThatCallersMayChange() {
        Observation first = (Observation) codec.decode(stored(1, "final"));
        first.setStatus(Observation.ObservationStatus.CANCELLED);
        first.getCode().setText("changed by a caller");

        Observation second = (Observation) codec.decode(stored(1, "final"));
        assertNotSame(first, second);
        assertEquals("final", second.getStatus().toCode());
        assertEquals("serum magnesium", second.getCode().getText());
        assertEquals("Observation/o1/_history/1", second.getIdElement().getValue());
        assertEquals(stored(1, "final").body(), StoredJson.of(second));
    }

    @Test
    void aVersionStoredAgainWithOtherTextIsReadFromItsText() {
        // a version number can come back with another body after a rolled-back transaction
        assertEquals("final", ((Observation) codec.decode(stored(2, "final"))).getStatus().toCode());
        assertEquals("amended", ((Observation) codec.decode(stored(2, "amended"))).getStatus().toCode());
        assertEquals("amended", ((Observation) codec.decode(stored(2, "amended"))).getStatus().toCode());
    }
}
