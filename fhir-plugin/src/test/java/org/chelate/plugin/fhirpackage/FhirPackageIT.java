package org.chelate.plugin.fhirpackage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.chelate.plugin.regimen.RealisticStatementsTestAccess;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.plugin.regimen.RegimenMapping;
import org.chelate.plugin.regimen.RegimenWriter;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FHIR NPM package the build wrote (target/org.chelate.fhir-&lt;version&gt;.tgz and its copy in the jar) loaded
 * the way a test suite without the server would: HAPI's {@link NpmPackageValidationSupport} beside R4 core
 * ({@link DefaultProfileValidationSupport}) and HAPI's own terminology helpers, no Chelate class as validation support.
 */
class FhirPackageIT {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static final String STATEMENT = "http://chelate.org/fhir/StructureDefinition/chelate-supplement-medicationstatement";
    private static final String SCORE = "http://chelate.org/fhir/StructureDefinition/chelate-symptom-score-observation";
    private static FhirValidator validator;

    @BeforeAll
    static void loadThePackage() throws IOException {
        NpmPackageValidationSupport chelate = new NpmPackageValidationSupport(CTX);
        chelate.loadPackageFromClasspath("classpath:" + FhirPackage.CLASSPATH);
        // no terminology server: LOINC and SNOMED CT codes are checked against the value sets' enumerations only
        UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(CTX);
        unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        ValidationSupportChain chain = new ValidationSupportChain(chelate, new DefaultProfileValidationSupport(CTX),
                new SnapshotGeneratingValidationSupport(CTX), new InMemoryTerminologyServerValidationSupport(CTX),
                new CommonCodeSystemsTerminologyService(CTX), unknownSystems);
        validator = CTX.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void theBuiltTgzIsAnR4PackageOfTheProfilesAndTerminology() throws IOException {
        Path tgz = builtTgz();
        NpmPackage npm;
        try (InputStream in = Files.newInputStream(tgz)) {
            npm = NpmPackage.fromPackage(in);
        }
        assertEquals("org.chelate.fhir", npm.name());
        assertEquals(tgz.getFileName().toString(), "org.chelate.fhir-" + npm.version() + ".tgz");
        assertEquals("4.0.1", npm.fhirVersion());
        assertEquals(List.of("4.0.1"), npm.getNpm().getStrings("fhirVersions"));
        assertEquals(List.of("hl7.fhir.r4.core#4.0.1"), npm.dependencies());
        assertEquals("http://chelate.org/fhir", npm.canonical());
        assertTrue(npm.getNpm().has("license") && npm.getNpm().has("description") && npm.getNpm().has("type"));
        assertEquals(List.of("StructureDefinition-chelate-supplement-medicationstatement.json",
                        "StructureDefinition-chelate-symptom-score-observation.json", "StructureDefinition-dose-basis.json"),
                npm.listResources("StructureDefinition").stream().sorted().toList());
        assertEquals(4, npm.listResources("CodeSystem").size());
        assertEquals(8, npm.listResources("ValueSet").size());
        try (InputStream in = npm.loadResource("StructureDefinition-chelate-supplement-medicationstatement.json")) {
            org.hl7.fhir.r4.model.StructureDefinition profile =
                    CTX.newJsonParser().parseResource(org.hl7.fhir.r4.model.StructureDefinition.class, in);
            assertTrue(profile.getSnapshot().getElement().size() > profile.getDifferential().getElement().size());
        }
        try (InputStream inJar = FhirPackageIT.class.getClassLoader().getResourceAsStream(FhirPackage.CLASSPATH)) {
            assertArrayEquals(Files.readAllBytes(tgz), inJar.readAllBytes(), "the jar's copy is the built tgz");
        }
    }

    @Test
    void everyResourceOfThePackageValidatesAgainstR4Core() throws IOException {
        NpmPackage npm;
        try (InputStream in = Files.newInputStream(builtTgz())) {
            npm = NpmPackage.fromPackage(in);
        }
        StringBuilder errors = new StringBuilder();
        for (String type : List.of("StructureDefinition", "CodeSystem", "ValueSet", "ConceptMap")) {
            for (String file : npm.listResources(type)) {
                try (InputStream in = npm.loadResource(file)) {
                    IBaseResource resource = CTX.newJsonParser().parseResource(in);
                    List<String> found = errors(validator.validateWithResult(resource).getMessages());
                    if (isExtensionDefinition(resource)) {
                        found = found.stream().filter(m -> !m.equals(SNAPSHOT_WITHOUT_CORE_PACKAGE)).toList();
                    }
                    found.forEach(m -> errors.append(file).append(": ").append(m).append('\n'));
                }
            }
        }
        assertEquals("", errors.toString());
    }

    /**
     * Offline, HAPI's validator cannot regenerate the snapshot of any extension definition: it asks for the
     * hl7.fhir.r4.core package, which is fetched from the FHIR package registry. HL7's own R4 extensions fail the same
     * way, so that one message is not a fault of the Chelate package (it is left out above for extension definitions).
     */
    @Test
    void offlineEveryExtensionDefinitionGetsTheSameSnapshotMessage() {
        IBaseResource birthPlace = new DefaultProfileValidationSupport(CTX)
                .fetchStructureDefinition("http://hl7.org/fhir/StructureDefinition/patient-birthPlace");
        assertEquals(List.of(SNAPSHOT_WITHOUT_CORE_PACKAGE), errors(validate(birthPlace)));
    }

    private static final String SNAPSHOT_WITHOUT_CORE_PACKAGE = "StructureDefinition Error generating Snapshot: "
            + "Unable to resolve package id hl7.fhir.r4.core#null (this usually arises from a problem in the differential)";

    private static boolean isExtensionDefinition(IBaseResource resource) {
        return resource instanceof org.hl7.fhir.r4.model.StructureDefinition definition
                && "Extension".equals(definition.getType());
    }

    @Test
    void validChelateDataHasNoErrors() {
        assertEquals(List.of(), errors(validate(statement(true, true))));
        assertEquals(List.of(), errors(validate(score("http://loinc.org", "72514-3"))));
        assertEquals(List.of(), errors(validate(score("http://chelate.org/fhir/CodeSystem/chelate-symptom-score", "fatigue-nrs"))));
    }

    @Test
    void statementsTheServerWritesHaveNoErrors() {
        RegimenMapping mapping = new RegimenMapper().map(RealisticStatementsTestAccess.statements(), List.of(),
                RealisticStatementsTestAccess.referenced());
        StringBuilder errors = new StringBuilder();
        for (var regimen : mapping.regimens()) {
            var statement = new RegimenWriter().toMedicationStatement(regimen, "Patient/p1");
            ValidationOptions profiled = new ValidationOptions().addProfile(STATEMENT);
            errors(validator.validateWithResult(statement, profiled).getMessages())
                    .forEach(m -> errors.append(regimen.sourceReference()).append(": ").append(m).append('\n'));
        }
        assertTrue(mapping.regimens().size() > 5);
        assertEquals("", errors.toString());
    }

    @Test
    void brokenProfileConstraintsAreErrors() {
        List<String> noEffective = errors(validate(statement(false, true)));
        assertTrue(noEffective.stream().anyMatch(m -> m.contains("MedicationStatement.effective[x]")
                && m.contains("minimum required = 1")), noEffective::toString);
        List<String> emptyDosage = errors(validate(statement(true, false)));
        assertTrue(emptyDosage.stream().anyMatch(m -> m.contains("chelate-ms-1")), emptyDosage::toString);
        String badBasis = CTX.newJsonParser().encodeResourceToString(statement(true, true))
                .replace("\"valueCode\":\"elemental\"", "\"valueCode\":\"salt\"");
        List<String> basis = errors(validator.validateWithResult(badBasis).getMessages());
        assertTrue(basis.stream().anyMatch(m -> m.contains("chelate-db-1")), basis::toString);
    }

    @Test
    void aCodeOutsideTheRequiredValueSetIsAnError() {
        List<String> bodyWeight = errors(validate(score("http://loinc.org", "29463-7")));
        assertTrue(bodyWeight.stream().anyMatch(m -> m.contains("chelate-symptom-scores")), bodyWeight::toString);
        List<String> unknownChelateCode = errors(validate(score("http://chelate.org/fhir/CodeSystem/chelate-symptom-score", "mood-nrs")));
        assertTrue(unknownChelateCode.stream().anyMatch(m -> m.contains("mood-nrs")), unknownChelateCode::toString);
    }

    private static List<SingleValidationMessage> validate(IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages();
    }

    private static List<String> errors(List<SingleValidationMessage> messages) {
        return messages.stream().filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(m -> m.getLocationString() + " " + m.getMessage()).collect(Collectors.toList());
    }

    /** A supplement statement declaring the Chelate profile, with or without its period and its dose. */
    private static IBaseResource statement(boolean withEffective, boolean withDose) {
        String json = "{\"resourceType\":\"MedicationStatement\",\"meta\":{\"profile\":[\"" + STATEMENT + "\"]},"
                + "\"status\":\"active\",\"subject\":{\"reference\":\"Patient/p1\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://chelate.org/fhir/CodeSystem/"
                + "chelate-supplement\",\"code\":\"magnesium-bisglycinate\"}],\"text\":\"Magnesium glycinate\"},"
                + (withEffective ? "\"effectiveDateTime\":\"2024-03-01\"," : "")
                + "\"dosage\":[{" + (withDose ? "\"extension\":[{\"url\":\"http://chelate.org/fhir/StructureDefinition/"
                + "dose-basis\",\"valueCode\":\"elemental\"}],\"text\":\"100 mg elemental magnesium daily\","
                + "\"doseAndRate\":[{\"doseQuantity\":{\"value\":100,\"unit\":\"mg\",\"system\":\"http://unitsofmeasure.org\","
                + "\"code\":\"mg\"}}]" : "\"sequence\":1") + "}]}";
        return CTX.newJsonParser().parseResource(json);
    }

    private static IBaseResource score(String system, String code) {
        String json = "{\"resourceType\":\"Observation\",\"meta\":{\"profile\":[\"" + SCORE + "\"]},\"status\":\"final\","
                + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\","
                + "\"code\":\"survey\"}]}],\"code\":{\"coding\":[{\"system\":\"" + system + "\",\"code\":\"" + code + "\"}]},"
                + "\"subject\":{\"reference\":\"Patient/p1\"},\"effectiveDateTime\":\"2026-05-01\",\"valueInteger\":6}";
        return CTX.newJsonParser().parseResource(json);
    }

    private static Path builtTgz() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("org\\.chelate\\.fhir-.+\\.tgz")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the build wrote no target/org.chelate.fhir-*.tgz"));
        }
    }
}
