package org.chelate.terminology.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;

/** CodeSystem: read, search by url, $lookup. */
public final class CodeSystemResourceProvider implements IResourceProvider {

    private final TerminologyOperations operations;

    public CodeSystemResourceProvider(TerminologyOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<CodeSystem> getResourceType() {
        return CodeSystem.class;
    }

    @Read
    public CodeSystem read(@IdParam IdType id) {
        return ServedResources.byId(operations.terminology().codeSystems(), id);
    }

    @Search
    public List<CodeSystem> search(@OptionalParam(name = CodeSystem.SP_URL) UriParam url) {
        return ServedResources.byUrl(operations.terminology().codeSystems(), url);
    }

    @Operation(name = "$lookup", idempotent = true)
    public Parameters lookup(@OperationParam(name = "code") CodeType code,
                             @OperationParam(name = "system") UriType system,
                             @OperationParam(name = "coding") Coding coding,
                             @OperationParam(name = "property") List<CodeType> property) {
        String s = system != null ? system.getValue() : coding != null ? coding.getSystem() : null;
        String c = code != null ? code.getValue() : coding != null ? coding.getCode() : null;
        if (c == null || s == null) {
            throw new InvalidRequestException("$lookup needs 'system' and 'code' (or 'coding')");
        }
        List<String> props = property == null ? List.of() : property.stream().map(CodeType::getValue).toList();
        return operations.lookup(s, c, props);
    }

    @Operation(name = "$validate-code", idempotent = true)
    public Parameters validateCode(@IdParam(optional = true) IdType id,
                                   @OperationParam(name = "url") UriType url,
                                   @OperationParam(name = "code") CodeType code,
                                   @OperationParam(name = "display") org.hl7.fhir.r4.model.StringType display,
                                   @OperationParam(name = "coding") Coding coding) {
        String s = id != null && id.hasIdPart() ? read(id).getUrl()
                : url != null ? url.getValue() : coding != null ? coding.getSystem() : null;
        String c = code != null ? code.getValue() : coding != null ? coding.getCode() : null;
        String d = display != null ? display.getValue() : coding != null ? coding.getDisplay() : null;
        return operations.validateCodeInCodeSystem(s, c, d);
    }
}
