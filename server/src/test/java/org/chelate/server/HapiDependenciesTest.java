package org.chelate.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The parts of HAPI that Chelate uses (JSON and XML parsers, the instance validator with profile and terminology
 * support, snapshot generation) still work with the jars the build excludes from HAPI's dependency tree
 * (mail, Spring messaging, Jena, PlantUML, SQLite, ...). A missing class shows here as NoClassDefFoundError.
 */
class HapiDependenciesTest {

    private static final String PATIENT_JSON = """
            {"resourceType":"Patient","id":"p1","identifier":[{"system":"urn:test","value":"42"}],
             "name":[{"family":"Zinc","given":["Ada"]}],"gender":"female","birthDate":"1980-02-29"}""";

    private static final String MEDICATION_STATEMENT_JSON = """
            {"resourceType":"MedicationStatement","status":"active",
             "medicationCodeableConcept":{"text":"Magnesium glycinate 500 mg"},
             "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-01-15",
             "dosage":[{"text":"1 tablet at night","timing":{"repeat":{"when":["HS"]}}}]}""";

    private static FhirContext ctx;
    private static FhirValidator validator;

    @BeforeAll
    static void createValidator() {
        ctx = FhirContext.forR4Cached();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(ctx),
                new SnapshotGeneratingValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx),
                new CommonCodeSystemsTerminologyService(ctx));
        validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void jsonAndXmlParseAndRoundTrip() {
        Patient patient = ctx.newJsonParser().parseResource(Patient.class, PATIENT_JSON);
        String xml = ctx.newXmlParser().encodeResourceToString(patient);
        Patient again = ctx.newXmlParser().parseResource(Patient.class, xml);
        assertEquals("Zinc", again.getNameFirstRep().getFamily());
        assertEquals("1980-02-29", again.getBirthDateElement().getValueAsString());
    }

    @Test
    void aValidResourcePassesTheInstanceValidator() {
        ValidationResult result = validator.validateWithResult(MEDICATION_STATEMENT_JSON);
        assertTrue(result.isSuccessful(), () -> result.getMessages().toString());
    }

    @Test
    void anInvalidResourceIsReportedByTheInstanceValidator() {
        String badCode = PATIENT_JSON.replace("\"female\"", "\"feminine\"");
        ValidationResult result = validator.validateWithResult(badCode);
        assertFalse(result.isSuccessful());
        assertTrue(result.getMessages().stream()
                .anyMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()
                        && m.getLocationString().contains("gender")), () -> result.getMessages().toString());
    }

    @Test
    void xmlIsValidatedToo() {
        MedicationStatement statement = ctx.newJsonParser()
                .parseResource(MedicationStatement.class, MEDICATION_STATEMENT_JSON);
        statement.setStatus(null);
        ValidationResult result = validator.validateWithResult(ctx.newXmlParser().encodeResourceToString(statement));
        assertFalse(result.isSuccessful(), "status is required");
    }

    @Test
    void snapshotsAreGeneratedForADifferentialProfile() {
        StructureDefinition profile = new StructureDefinition();
        profile.setUrl("http://example.org/StructureDefinition/test-patient");
        profile.setName("TestPatient");
        profile.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        profile.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
        profile.setAbstract(false);
        profile.setType("Patient");
        profile.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient");
        profile.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        profile.getDifferential().addElement().setPath("Patient.birthDate").setMin(1).setId("Patient.birthDate");

        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(ctx);
        ValidationSupportChain chain = new ValidationSupportChain(new DefaultProfileValidationSupport(ctx), generator);
        StructureDefinition withSnapshot = (StructureDefinition) generator.generateSnapshot(
                new ValidationSupportContext(chain),
                profile, profile.getUrl(), "http://example.org", "test");
        assertTrue(withSnapshot.getSnapshot().getElement().stream()
                .anyMatch(e -> e.getPath().equals("Patient.birthDate") && e.getMin() == 1));
    }
}
