package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.chelate.plugin.profile.ChelateProfiles;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StructureDefinition;

/** Chelate's profiles and extension definitions (as shipped: differentials), read by id and searched by url. */
public final class StructureDefinitionProvider implements IResourceProvider {

    private final List<StructureDefinition> definitions;

    StructureDefinitionProvider(FhirContext context) {
        this.definitions = ChelateProfiles.differentials(context);
    }

    /** The canonical URLs of the profiles of a resource type (not extension definitions). */
    List<String> profilesOf(String resourceType) {
        return definitions.stream()
                .filter(d -> d.getType().equals(resourceType)
                        && d.getKind() == StructureDefinition.StructureDefinitionKind.RESOURCE)
                .map(StructureDefinition::getUrl).toList();
    }

    List<StructureDefinition> all() {
        return definitions;
    }

    @Override
    public Class<StructureDefinition> getResourceType() {
        return StructureDefinition.class;
    }

    @Read
    public StructureDefinition read(@IdParam IdType id) {
        return definitions.stream().filter(d -> d.getIdElement().getIdPart().equals(id.getIdPart())).findFirst()
                .map(StructureDefinition::copy)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public List<StructureDefinition> search(@OptionalParam(name = StructureDefinition.SP_URL) UriParam url) {
        String wanted = url == null ? null : url.getValue();
        return definitions.stream().filter(d -> wanted == null || wanted.equals(d.getUrl()))
                .map(StructureDefinition::copy).toList();
    }
}
