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
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;

/** ValueSet: read, search by url, $expand (with filter, offset, count), $validate-code. */
public final class ValueSetResourceProvider implements IResourceProvider {

    private final TerminologyOperations operations;

    public ValueSetResourceProvider(TerminologyOperations operations) {
        this.operations = operations;
    }

    @Override
    public Class<ValueSet> getResourceType() {
        return ValueSet.class;
    }

    @Read
    public ValueSet read(@IdParam IdType id) {
        return ServedResources.byId(operations.terminology().valueSets(), id);
    }

    @Search
    public List<ValueSet> search(@OptionalParam(name = ValueSet.SP_URL) UriParam url) {
        return ServedResources.byUrl(operations.terminology().valueSets(), url);
    }

    @Operation(name = "$expand", idempotent = true)
    public ValueSet expand(@IdParam(optional = true) IdType id,
                           @OperationParam(name = "url") UriType url,
                           @OperationParam(name = "filter") StringType filter,
                           @OperationParam(name = "offset") String offset,
                           @OperationParam(name = "count") String count) {
        ValueSet vs = resolve(id, url);
        return operations.expand(vs, filter == null ? null : filter.getValue(), integer("offset", offset), integer("count", count));
    }

    /**
     * Parsed here rather than by HAPI, whose IntegerType parameters answer 500 to "count=abc"; accepts a string
     * (GET) or an integer (POSTed Parameters).
     */
    private static Integer integer(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("parameter '" + name + "' must be a whole number, got '" + value + "'");
        }
    }

    @Operation(name = "$validate-code", idempotent = true)
    public Parameters validateCode(@IdParam(optional = true) IdType id,
                                   @OperationParam(name = "url") UriType url,
                                   @OperationParam(name = "code") CodeType code,
                                   @OperationParam(name = "system") UriType system,
                                   @OperationParam(name = "display") StringType display,
                                   @OperationParam(name = "coding") Coding coding) {
        ValueSet vs = resolve(id, url);
        String c = code != null ? code.getValue() : coding != null ? coding.getCode() : null;
        String s = system != null ? system.getValue() : coding != null ? coding.getSystem() : null;
        String d = display != null ? display.getValue() : coding != null ? coding.getDisplay() : null;
        if (c == null) {
            throw new InvalidRequestException("$validate-code needs 'code' (with 'system') or 'coding'");
        }
        return operations.validateCode(vs, s, c, d);
    }

    private ValueSet resolve(IdType id, UriType url) {
        if (id != null && id.hasIdPart()) {
            return ServedResources.byId(operations.terminology().valueSets(), id);
        }
        if (url == null || url.isEmpty()) {
            throw new InvalidRequestException("a ValueSet id or the 'url' parameter is required");
        }
        return operations.terminology().valueSet(url.getValue())
                .orElseThrow(() -> new ResourceNotFoundException("ValueSet " + url.getValue() + " is not known to this server"));
    }
}
