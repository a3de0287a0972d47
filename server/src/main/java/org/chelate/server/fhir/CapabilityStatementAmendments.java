package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;

/**
 * Adds to HAPI's generated CapabilityStatement what it cannot see from the method signatures: batch Bundles, the
 * always-available _id and _lastUpdated parameters, versioned updates (If-Match) with update-as-create, conditional
 * create, update and delete, the Chelate profiles each type supports, and the server's name and publisher; and
 * takes away the _include HAPI lists for types that other providers serve without it.
 */
@Interceptor
public final class CapabilityStatementAmendments {

    private final java.util.Set<String> storedTypes;
    private final java.util.function.Function<String, java.util.List<String>> profilesOf;

    CapabilityStatementAmendments(java.util.Set<String> storedTypes,
            java.util.function.Function<String, java.util.List<String>> profilesOf) {
        this.storedTypes = storedTypes;
        this.profilesOf = profilesOf;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void amend(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement)) {
            return;
        }
        statement.setName("ChelateCapabilityStatement");
        statement.setTitle("Chelate FHIR R4 server");
        statement.setPublisher("Chelate");
        statement.getSoftware().setName("Chelate");
        statement.getImplementation().setDescription("Chelate FHIR R4 server: every R4 resource type, "
                + "magnesium and zinc regimen summaries, CDS Hooks");
        for (CapabilityStatementRestComponent rest : statement.getRest()) {
            boolean hasTransaction = rest.getInteraction().stream()
                    .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.TRANSACTION);
            boolean hasBatch = rest.getInteraction().stream()
                    .anyMatch(i -> i.getCode() == CapabilityStatement.SystemRestfulInteraction.BATCH);
            if (hasTransaction && !hasBatch) {
                rest.addInteraction().setCode(CapabilityStatement.SystemRestfulInteraction.BATCH);
            }
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                if (!storedTypes.contains(resource.getType())) {
                    // other providers' types (terminology) take no _include: HAPI lists "*" for every type
                    resource.getSearchInclude().clear();
                    resource.getSearchRevInclude().clear();
                    continue;
                }
                resource.setVersioning(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE);
                resource.setReadHistory(true);
                resource.setUpdateCreate(true);
                resource.setConditionalCreate(true);
                resource.setConditionalUpdate(true);
                resource.setConditionalDelete(CapabilityStatement.ConditionalDeleteStatus.SINGLE);
                profilesOf.apply(resource.getType()).forEach(resource::addSupportedProfile);
                addIfMissing(resource, "_id", SearchParamType.TOKEN, "http://hl7.org/fhir/SearchParameter/Resource-id");
                addIfMissing(resource, "_lastUpdated", SearchParamType.DATE,
                        "http://hl7.org/fhir/SearchParameter/Resource-lastUpdated");
            }
        }
    }

    private static void addIfMissing(CapabilityStatementRestResourceComponent resource, String name,
            SearchParamType type, String definition) {
        boolean present = resource.getSearchParam().stream().anyMatch(p -> name.equals(p.getName()));
        if (!present) {
            resource.addSearchParam().setName(name).setType(type).setDefinition(definition);
        }
    }
}
