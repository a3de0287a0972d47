package org.chelate.plugin.regimen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.observation.ObservationMapping;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** The FHIR R4 specification's own MedicationStatement and Observation examples go through the mappers without errors. */
class SpecExamplesTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();

    static <T extends org.hl7.fhir.r4.model.Resource> T example(Class<T> type, String file) {
        try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/spec-examples/" + file)) {
            return CTX.newJsonParser().parseResource(type, in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void medicationStatementExamplesAreEachReportedWithTheirReason() {
        List<MedicationStatement> examples = List.of(1, 2, 3, 4, 5, 6).stream()
                .map(n -> example(MedicationStatement.class, "medicationstatementexample" + n + ".json"))
                .toList();
        RegimenMapping mapping = new RegimenMapper().map(examples);

        // none of them is a magnesium, zinc or copper product
        assertEquals(List.of(), mapping.regimens());
        Map<String, UnmappedReason> reasons = mapping.unmapped().stream()
                .collect(Collectors.toMap(UnmappedStatement::sourceReference, UnmappedStatement::code));
        assertEquals(Map.of(
                // Tylenol PM: contained Medication with RxNorm acetaminophen + diphenhydramine
                "MedicationStatement/example001", UnmappedReason.NOT_A_SUPPLEMENT,
                "MedicationStatement/example002", UnmappedReason.NOT_A_SUPPLEMENT,
                // "Little Pink Pill for water retention": text naming no mineral, never guessed
                "MedicationStatement/example003", UnmappedReason.UNKNOWN_PRODUCT,
                // amoxicillin, SNOMED CT
                "MedicationStatement/example004", UnmappedReason.NOT_A_SUPPLEMENT,
                "MedicationStatement/example005", UnmappedReason.NOT_A_SUPPLEMENT,
                "MedicationStatement/example006", UnmappedReason.NOT_A_SUPPLEMENT), reasons);
        mapping.unmapped().forEach(u -> assertFalse(u.reason().contains("could not be read"), u.reason()));
        assertEquals("Little Pink Pill for water retention",
                mapping.unmapped().stream().filter(u -> u.sourceReference().endsWith("example003")).findFirst().orElseThrow().description());
    }

    @Test
    void observationExamplesAreNotMistakenForScoresOrLabs() {
        List<Observation> examples = List.of("observation-example.json", "observation-example-f001-glucose.json",
                "observation-example-bloodpressure.json").stream().map(f -> example(Observation.class, f)).toList();
        ObservationMapping mapping = new ObservationMapper().map(examples);
        assertTrue(mapping.scores().isEmpty());
        assertTrue(mapping.labs().isEmpty());
        assertTrue(mapping.unmapped().isEmpty(), "body weight, glucose and blood pressure are not Chelate's to report");
    }
}
