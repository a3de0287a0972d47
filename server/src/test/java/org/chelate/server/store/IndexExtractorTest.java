package org.chelate.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class IndexExtractorTest {

    private static final FhirContext CONTEXT = FhirContext.forR4Cached();
    private static final IndexedParams PARAMS = IndexedParams.standard(CONTEXT);
    private static final IndexExtractor EXTRACTOR = new IndexExtractor(PARAMS);

    private static long utc(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void everyStoredTypeOffersItsStandardParametersOfIndexableTypesWithPathsTheStoreUnderstands() {
        assertTrue(PARAMS.resourceTypes().containsAll(Set.of("Encounter", "Organization", "Claim", "Patient",
                "ExplanationOfBenefit", "Immunization")));
        assertTrue(PARAMS.resourceTypes().stream().noneMatch(IndexedParams.NOT_STORED::contains));
        for (String type : PARAMS.resourceTypes()) {
            PARAMS.paramsOf(type).forEach(param -> assertTrue(!param.paths().isEmpty(), type + "." + param.name()));
        }
        assertTrue(PARAMS.param("Observation", "value-quantity").isPresent(), "quantities are indexed");
        assertTrue(PARAMS.param("Patient", "phone").isPresent(), "where(system='phone') is understood");
        assertTrue(PARAMS.param("Observation", "code-value-quantity").isEmpty(), "composites are not offered");
        assertThrows(IllegalArgumentException.class,
                () -> IndexedParams.of(CONTEXT, Map.of("Patient", List.of("shoe-size"))));
        assertThrows(IllegalArgumentException.class,
                () -> IndexedParams.of(CONTEXT, Map.of("Observation", List.of("code-value-quantity"))),
                "composite parameters are not indexed, so they must not be offered");
    }

    @Test
    void observationGivesCodesWithSystemsThePatientReferenceAndTheEffectiveTime() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "19123-9", null))
                .addCoding(new Coding("http://example.org", "mg", null)));
        observation.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/observation-category",
                "laboratory", null)));
        observation.setSubject(new Reference("Patient/p1"));
        observation.setEffective(new DateTimeType("2024-03-05T10:15:00Z"));

        ResourceIndex index = EXTRACTOR.extract(observation);
        Set<ResourceIndex.Token> codes = index.tokens().stream().filter(t -> t.param().equals("code"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(new ResourceIndex.Token("code", "http://loinc.org", "19123-9"),
                new ResourceIndex.Token("code", "http://example.org", "mg")), codes);
        assertTrue(index.tokens().contains(new ResourceIndex.Token("status", "http://hl7.org/fhir/observation-status", "final")),
                index.tokens().toString());
        assertTrue(index.tokens().contains(new ResourceIndex.Token("category",
                "http://terminology.hl7.org/CodeSystem/observation-category", "laboratory")));
        assertEquals(Set.of(new ResourceIndex.Ref("patient", "Patient", "p1"), new ResourceIndex.Ref("subject", "Patient", "p1")),
                Set.copyOf(index.references()));
        assertEquals(List.of(new ResourceIndex.DateSpan("date", utc("2024-03-05T10:15:00Z"), utc("2024-03-05T10:15:00.999Z"))),
                index.dates());
    }

    @Test
    void aSubjectThatIsNotAPatientIsNotIndexedAsPatient() {
        Observation observation = new Observation();
        observation.setSubject(new Reference("Group/g1"));
        ResourceIndex index = EXTRACTOR.extract(observation);
        assertEquals(List.of(new ResourceIndex.Ref("subject", "Group", "g1")), index.references());
    }

    @Test
    void patientNamesAreFoldedForSearchAndBirthDateIsAWholeDay() {
        Patient patient = new Patient();
        patient.addName().setFamily("Ndiaye").addGiven("Aïssatou");
        patient.setBirthDateElement(new DateType("1984-07-15"));
        patient.addIdentifier().setSystem("urn:mrn").setValue("123");
        ResourceIndex index = EXTRACTOR.extract(patient);
        assertTrue(index.strings().contains(new ResourceIndex.Text("given", "aissatou", "Aïssatou")), index.strings().toString());
        assertTrue(index.strings().contains(new ResourceIndex.Text("name", "ndiaye", "Ndiaye")));
        assertTrue(index.tokens().contains(new ResourceIndex.Token("identifier", "urn:mrn", "123")));
        assertEquals(List.of(new ResourceIndex.DateSpan("birthdate", utc("1984-07-15T00:00:00Z"), utc("1984-07-15T23:59:59.999Z"))),
                index.dates());
    }

    @Test
    void aMedicationStatementPeriodWithoutEndStaysOpenAndItsCodeComesFromTheCodeableConcept() {
        MedicationStatement statement = new MedicationStatement();
        statement.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1000001", null)));
        statement.setEffective(new Period().setStartElement(new DateTimeType("2024-01")));
        ResourceIndex index = EXTRACTOR.extract(statement);
        assertEquals(List.of(new ResourceIndex.DateSpan("effective", utc("2024-01-01T00:00:00Z"), DateSpans.MAX)), index.dates());
        assertTrue(index.tokens().contains(new ResourceIndex.Token("code", "http://www.nlm.nih.gov/research/umls/rxnorm", "1000001")));
        assertTrue(index.references().isEmpty(), "a coded medication is not a reference");

        statement.setMedication(new Reference("Medication/m1"));
        assertEquals(List.of(new ResourceIndex.Ref("medication", "Medication", "m1")), EXTRACTOR.extract(statement).references());
    }

    @Test
    void conditionOnsetIsReadFromTheDateTimeChoice() {
        Condition condition = new Condition();
        condition.setOnset(new DateTimeType("2023"));
        condition.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
                "active", null)));
        ResourceIndex index = EXTRACTOR.extract(condition);
        assertEquals(List.of(new ResourceIndex.DateSpan("onset-date", utc("2023-01-01T00:00:00Z"), utc("2023-12-31T23:59:59.999Z"))),
                index.dates());
        assertTrue(index.tokens().stream().anyMatch(t -> t.param().equals("clinical-status") && t.code().equals("active")));
    }

    @Test
    void overlongValuesAreTruncatedToTheColumnSize() {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem("urn:x").setValue("v".repeat(400));
        ResourceIndex index = EXTRACTOR.extract(patient);
        assertEquals(IndexExtractor.MAX_CODE, index.tokens().get(0).code().length());
    }
}
