package org.chelate.plugin.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A validator rebuilt after one was released (its base definitions dropped from HAPI's cache) judges the same. */
class ValidatorReleaseTest {

    private static final String INVALID = "{\"resourceType\":\"MedicationStatement\",\"status\":\"not-a-status\","
            + "\"medicationCodeableConcept\":{\"text\":\"magnesium glycinate\"},\"subject\":{\"reference\":\"Patient/p1\"}}";
    private static final String VALID = "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\","
            + "\"medicationCodeableConcept\":{\"text\":\"magnesium glycinate\"},\"subject\":{\"reference\":\"Patient/p1\"}}";

    private static List<String> errors(ChelateValidation validation, String resource) {
        return validation.validate(resource).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(SingleValidationMessage::getMessage)
                .toList();
    }

    @Test
    void validatesTheSameAfterTheBaseDefinitionsWereReleased() {
        FhirContext ctx = FhirContext.forR4Cached();
        ChelateValidation first = new ChelateValidation(ctx);
        List<String> invalidBefore = errors(first, INVALID);
        assertFalse(invalidBefore.isEmpty(), "an unknown status is an error");
        assertTrue(errors(first, VALID).isEmpty());

        first.releaseBaseDefinitions();
        ChelateValidation second = new ChelateValidation(ctx);

        assertEquals(invalidBefore, errors(second, INVALID));
        assertTrue(errors(second, VALID).isEmpty());
        assertEquals(invalidBefore, errors(first, INVALID), "a caller still holding the released one can finish");
    }
}
