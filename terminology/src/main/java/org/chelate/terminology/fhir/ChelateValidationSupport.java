package org.chelate.terminology.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;

/** An {@link IValidationSupport} that knows Chelate's CodeSystems, ValueSets and ConceptMaps. */
public final class ChelateValidationSupport extends PrePopulatedValidationSupport {

    public ChelateValidationSupport(FhirContext ctx) {
        super(ctx);
        ChelateTerminology terminology = ChelateTerminology.forContext(ctx);
        terminology.codeSystems().forEach(this::addCodeSystem);
        terminology.valueSets().forEach(this::addValueSet);
        terminology.conceptMaps().forEach(this::addResource);
    }

    @Override
    public String getName() {
        return "Chelate terminology";
    }

    /**
     * A validation chain knowing our code systems and value sets: {@code extra} supports first (e.g. the plugin's
     * StructureDefinitions), then ours, {@link DefaultProfileValidationSupport},
     * {@link InMemoryTerminologyServerValidationSupport} and {@link CommonCodeSystemsTerminologyService}.
     */
    public static ValidationSupportChain validationChain(FhirContext ctx, IValidationSupport... extra) {
        List<IValidationSupport> supports = new ArrayList<>(List.of(extra));
        supports.add(new ChelateValidationSupport(ctx));
        supports.add(new DefaultProfileValidationSupport(ctx));
        supports.add(new InMemoryTerminologyServerValidationSupport(ctx));
        supports.add(new CommonCodeSystemsTerminologyService(ctx));
        return new ValidationSupportChain(supports);
    }
}
