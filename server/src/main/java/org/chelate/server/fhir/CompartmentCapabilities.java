package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Claims in the CapabilityStatement what HAPI cannot see from method signatures: the compartments searched by
 * {@link CompartmentSearchProvider}, and the system search ({@link SystemLevelProvider}) with its parameters.
 */
@Interceptor
public final class CompartmentCapabilities {

    private final Compartments compartments;

    CompartmentCapabilities(Compartments compartments) {
        this.compartments = compartments;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void amend(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement)) {
            return;
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            boolean searchSystem = rest.getInteraction().stream()
                    .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.SEARCHSYSTEM);
            if (!searchSystem) {
                rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.SEARCHSYSTEM);
            }
            for (String owner : new java.util.TreeSet<>(Compartments.OWNERS)) {
                if (compartments.isOwner(owner)) {
                    rest.addCompartment("http://hl7.org/fhir/CompartmentDefinition/"
                            + owner.substring(0, 1).toLowerCase(Locale.ROOT) + owner.substring(1));
                }
            }
            rest.addSearchParam().setName("_id").setType(SearchParamType.TOKEN)
                    .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-id");
            rest.addSearchParam().setName("_lastUpdated").setType(SearchParamType.DATE)
                    .setDefinition("http://hl7.org/fhir/SearchParameter/Resource-lastUpdated");
        }
    }
}
