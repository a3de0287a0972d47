package org.chelate.plugin.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.plugin.regimen.RegimenMapping;
import org.chelate.plugin.regimen.RegimenWriter;
import org.chelate.plugin.testing.Patients;
import org.chelate.plugin.summary.RegimenSummaryParameters;
import org.chelate.plugin.summary.RegimenSummaryService;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every resource the plugin emits — profiles, written statements and orders, summaries — validates with no errors. */
class EmittedResourcesValidateTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static ChelateValidation validation;

    @BeforeAll
    static void setUp() {
        validation = new ChelateValidation(CTX);
    }

    static List<SingleValidationMessage> errors(ValidationResult result) {
        return result.getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList();
    }

    static void assertNoErrors(IBaseResource resource, String... profiles) {
        List<SingleValidationMessage> errors = errors(validation.validate(resource, profiles));
        assertTrue(errors.isEmpty(), () -> errors.stream().map(m -> m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n")) + "\n" + CTX.newJsonParser().setPrettyPrint(true).encodeResourceToString(resource));
    }

    @Test
    void theProfilesHaveGeneratedSnapshots() {
        List<StructureDefinition> profiles = validation.profiles();
        assertEquals(List.of(ChelateProfiles.DOSE_BASIS, ChelateProfiles.SUPPLEMENT_STATEMENT, ChelateProfiles.SYMPTOM_SCORE),
                profiles.stream().map(StructureDefinition::getUrl).toList());
        for (StructureDefinition profile : profiles) {
            assertTrue(profile.getSnapshot().getElement().size() > profile.getDifferential().getElement().size(), profile.getUrl());
        }
        StructureDefinition statement = profiles.get(1);
        assertTrue(statement.getSnapshot().getElement().stream()
                .anyMatch(e -> e.getPath().equals("MedicationStatement.effective[x]") && e.getMin() == 1), "effective[x] 1..1 in the snapshot");
    }

    @TestFactory
    Stream<DynamicTest> everyWrittenStatementAndOrderValidates() {
        RegimenMapping mapping = new RegimenMapper().map(
                org.chelate.plugin.regimen.RealisticStatementsTestAccess.statements(), List.of(),
                org.chelate.plugin.regimen.RealisticStatementsTestAccess.referenced());
        RegimenWriter writer = new RegimenWriter();
        return mapping.regimens().stream().map(regimen -> DynamicTest.dynamicTest(regimen.sourceReference() + " " + regimen.mineral(), () -> {
            MedicationStatement statement = writer.toMedicationStatement(regimen, "Patient/p1");
            assertNoErrors(statement, ChelateProfiles.SUPPLEMENT_STATEMENT);
            MedicationRequest request = writer.toMedicationRequest(regimen, "Patient/p1");
            assertNoErrors(request);
        }));
    }

    @Test
    void aSummaryValidates() {
        RegimenSummaryService service = RegimenSummaryService.create(KnowledgePack.loadDefault(), Map.of());
        Parameters parameters = RegimenSummaryParameters.toParameters(service.summarise(Patients.fullRecord(), LocalDate.of(2026, 6, 1)));
        assertNoErrors(parameters);
        assertTrue(parameters.getParameter().size() > 5);
    }

    @Test
    void anInvalidSupplementStatementFailsItsProfile() {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
        statement.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("Magnesium"));
        statement.addDosage().setSequence(1);
        statement.getMeta().addProfile(ChelateProfiles.SUPPLEMENT_STATEMENT);
        List<String> messages = errors(validation.validate(statement)).stream().map(SingleValidationMessage::getMessage).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("chelate-ms-1")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.contains("effective")), messages::toString);
    }

    @Test
    void aBadDoseBasisFailsTheExtension() {
        Regimen regimen = new RegimenMapper().map(List.of(org.chelate.plugin.testing.Records.statement("x")
                .code("magnesium-bisglycinate").dose(org.chelate.plugin.testing.Records.mg("120")).elementalBasis().perDay(1).build())).regimens().get(0);
        MedicationStatement statement = new RegimenWriter().toMedicationStatement(regimen, "Patient/p1");
        assertNoErrors(statement);
        statement.getDosageFirstRep().getExtensionByUrl(ChelateProfiles.DOSE_BASIS).setValue(new org.hl7.fhir.r4.model.CodeType("salt"));
        List<String> messages = errors(validation.validate(statement)).stream().map(SingleValidationMessage::getMessage).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("chelate-db-1")), messages::toString);
    }

    @Test
    void aSymptomScoreWithAnUnknownInstrumentFailsItsProfile() {
        org.hl7.fhir.r4.model.Observation score = Patients.score("s", "http://loinc.org", "72514-3", 6, "2026-05-01");
        score.getMeta().addProfile(ChelateProfiles.SYMPTOM_SCORE);
        assertNoErrors(score);
        score.getCode().getCodingFirstRep().setCode("29463-7");
        assertTrue(!errors(validation.validate(score)).isEmpty(), "body weight is not a symptom score");
    }
}
