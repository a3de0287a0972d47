package org.chelate.terminology.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;

/** ConceptMap: read, search by url, $translate. */
public final class ConceptMapResourceProvider implements IResourceProvider {

    private final TerminologyOperations operations;

    public ConceptMapResourceProvider(TerminologyOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<ConceptMap> getResourceType() {
        return ConceptMap.class;
    }

    @Read
    public ConceptMap read(@IdParam IdType id) {
        return ServedResources.byId(operations.terminology().conceptMaps(), id);
    }

    @Search
    public List<ConceptMap> search(@OptionalParam(name = ConceptMap.SP_URL) UriParam url) {
        return ServedResources.byUrl(operations.terminology().conceptMaps(), url);
    }

    @Operation(name = "$translate", idempotent = true)
    public Parameters translate(@IdParam(optional = true) IdType id,
                                @OperationParam(name = "url") UriType url,
                                @OperationParam(name = "system") UriType system,
                                @OperationParam(name = "code") CodeType code,
                                @OperationParam(name = "coding") Coding coding,
                                @OperationParam(name = "targetsystem") UriType targetSystem) {
        List<ConceptMap> maps;
        if (id != null && id.hasIdPart()) {
            maps = List.of(ServedResources.byId(operations.terminology().conceptMaps(), id));
        } else if (url != null && !url.isEmpty()) {
            maps = List.of(operations.terminology().conceptMap(url.getValue())
                    .orElseThrow(() -> new ResourceNotFoundException("ConceptMap " + url.getValue() + " is not known to this server")));
        } else {
            maps = operations.terminology().conceptMaps();
        }
        String s = system != null ? system.getValue() : coding != null ? coding.getSystem() : null;
        String c = code != null ? code.getValue() : coding != null ? coding.getCode() : null;
        return operations.translate(maps, s, c, targetSystem == null ? null : targetSystem.getValue());
    }
}
