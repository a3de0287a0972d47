package org.chelate.plugin.guidance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.chelate.terminology.fhir.ChelateValidationSupport;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** HAPI's instance validator over the terminology module's validation chain; one per test JVM (costly to build). */
public final class FhirValidation {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static FhirValidator validator;

    private FhirValidation() {
    }

    public static synchronized List<String> errors(IBaseResource resource) {
        if (validator == null) {
            validator = CTX.newValidator();
            validator.registerValidatorModule(new FhirInstanceValidator(ChelateValidationSupport.validationChain(CTX)));
        }
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString)
                .toList();
    }
}
