package org.chelate.terminology.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every served CodeSystem, ValueSet and ConceptMap validates with HAPI's FhirInstanceValidator without errors. */
class ResourceValidationTest {

    private static final FhirContext CTX = FhirContext.forR4();
    private static FhirValidator validator;

    @BeforeAll
    static void setUp() {
        validator = CTX.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(ChelateValidationSupport.validationChain(CTX)));
    }

    private static List<SingleValidationMessage> errors(IBaseResource resource) {
        ValidationResult result = validator.validateWithResult(resource);
        List<SingleValidationMessage> errors = new ArrayList<>();
        for (SingleValidationMessage m : result.getMessages()) {
            if (m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                errors.add(m);
            }
        }
        return errors;
    }

    @TestFactory
    Stream<DynamicTest> everyServedResourceValidates() {
        ChelateTerminology t = ChelateTerminology.forContext(CTX);
        List<IBaseResource> all = new ArrayList<>();
        all.addAll(t.codeSystems());
        all.addAll(t.valueSets());
        all.addAll(t.conceptMaps());
        assertEquals(4 + 8 + 1, all.size());
        return all.stream().map(r -> DynamicTest.dynamicTest(r.fhirType() + "/" + r.getIdElement().getIdPart(), () -> {
            List<SingleValidationMessage> errors = errors(r);
            assertTrue(errors.isEmpty(), () -> errors.stream()
                    .map(m -> m.getLocationString() + ": " + m.getMessage()).reduce("", (a, b) -> a + "\n" + b));
        }));
    }

    @Test
    void validatorKnowsOurCodeSystems() {
        Observation ok = scoreObservation(new Coding(ChelateSystems.SCORE, "fatigue-nrs", "Fatigue severity, 0-10 numeric rating (0 none, 10 worst imaginable)"));
        assertTrue(errors(ok).isEmpty(), () -> errors(ok).toString());
        Observation bad = scoreObservation(new Coding(ChelateSystems.SCORE, "not-a-score", null));
        assertTrue(errors(bad).stream().anyMatch(m -> m.getMessage().contains("not-a-score")), "an unknown code in our system is an error");
    }

    @Test
    void theSupplementCodeSystemIsComplete() {
        CodeSystem cs = ChelateTerminology.forContext(CTX).codeSystem(ChelateSystems.SUPPLEMENT).orElseThrow();
        assertEquals(CodeSystem.CodeSystemContentMode.COMPLETE, cs.getContent());
        assertEquals(21, cs.getConcept().size());
    }

    private static Observation scoreObservation(Coding code) {
        Observation o = new Observation();
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding(code);
        o.setValue(new Quantity().setValue(4).setSystem(ChelateSystems.UCUM).setCode("{score}").setUnit("score"));
        o.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED);
        o.getText().setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">score</div>");
        return o;
    }
}
