package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.chelate.plugin.fhirpackage.FhirPackage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * HAPI's FhirInstanceValidator over R4 core and the Chelate FHIR NPM package the build put in the plugin jar
 * (docs/fhir-package.md), as an outside test suite would set it up: no Chelate class as validation support.
 */
final class ChelatePackageValidator {

    private final FhirValidator validator;

    ChelatePackageValidator(FhirContext ctx) {
        NpmPackageValidationSupport chelate = new NpmPackageValidationSupport(ctx);
        try {
            chelate.loadPackageFromClasspath("classpath:" + FhirPackage.CLASSPATH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UnknownCodeSystemWarningValidationSupport unknownSystems = new UnknownCodeSystemWarningValidationSupport(ctx);
        unknownSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        validator = ctx.newValidator().registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                chelate, new DefaultProfileValidationSupport(ctx), new SnapshotGeneratingValidationSupport(ctx),
                new InMemoryTerminologyServerValidationSupport(ctx), new CommonCodeSystemsTerminologyService(ctx),
                unknownSystems)));
    }

    ValidationResult validate(String resourceText) {
        return validator.validateWithResult(resourceText);
    }
}
