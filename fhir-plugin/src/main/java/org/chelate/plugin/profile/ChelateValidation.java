package org.chelate.plugin.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.chelate.terminology.fhir.ChelateValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * HAPI's {@link FhirInstanceValidator} over the base R4 definitions, Chelate's profiles (snapshots generated at
 * construction) and Chelate's terminology. Build one per server; it is thread-safe and caches.
 */
public final class ChelateValidation {

    private final FhirContext ctx;
    private final List<StructureDefinition> profiles;
    private final FhirInstanceValidator instanceValidator;
    private final FhirValidator validator;

    public ChelateValidation(FhirContext ctx) {
        this.ctx = ctx;
        this.profiles = ChelateProfiles.withSnapshots(ctx);
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
        profiles.forEach(ours::addStructureDefinition);
        ours.addCodeSystem(LoincFragment.codeSystem());
        ValidationSupportChain chain = ChelateValidationSupport.validationChain(ctx, ours, new SnapshotGeneratingValidationSupport(ctx));
        this.instanceValidator = new FhirInstanceValidator(chain);
        this.validator = ctx.newValidator().registerValidatorModule(instanceValidator);
    }

    public FhirContext context() {
        return ctx;
    }

    /** The profiles with their generated snapshots. */
    public List<StructureDefinition> profiles() {
        return profiles;
    }

    /** The validator module, e.g. for HAPI's RequestValidatingInterceptor. */
    public FhirInstanceValidator instanceValidator() {
        return instanceValidator;
    }

    /** Validates a resource's JSON or XML text against the base spec and its declared profiles. */
    public ValidationResult validate(String resourceText) {
        return validator.validateWithResult(resourceText, new ValidationOptions());
    }

    /** Validates against the base spec, the resource's declared profiles, and {@code extraProfiles}. */
    public ValidationResult validate(IBaseResource resource, String... extraProfiles) {
        ValidationOptions options = new ValidationOptions();
        for (String profile : extraProfiles) {
            options.addProfile(profile);
        }
        return validator.validateWithResult(resource, options);
    }
}
