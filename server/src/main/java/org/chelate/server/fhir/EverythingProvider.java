package org.chelate.server.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.chelate.server.store.CrossTypeQueries;
import org.chelate.server.store.CrossTypeSpec;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/**
 * {@code Patient/[id]/$everything} (http://hl7.org/fhir/OperationDefinition/Patient-everything): the patient, every
 * resource in its compartment (matches, in insertion order) and, per page, the resources those reference (includes:
 * Medication, Practitioner, Organization, Location, Encounter ...). {@code _since} and {@code _type} restrict it;
 * {@code _count} and {@code _offset} page it (see {@link OffsetBundle}).
 */
public final class EverythingProvider {

    /** The query parameters it takes besides HAPI's own (_format, _pretty ...). */
    private static final Set<String> PARAMS = Set.of("_since", "_type", OffsetBundle.COUNT, OffsetBundle.OFFSET,
            "_format", "_pretty", "_summary", "_elements");

    private final ResourceService service;
    private final Compartments compartments;
    private final FhirEndpointSettings settings;
    private final List<String> referenceParams;

    EverythingProvider(ResourceService service, Compartments compartments, FhirEndpointSettings settings) {
        this.service = service;
        this.compartments = compartments;
        this.settings = settings;
        Set<String> names = new TreeSet<>();
        for (String type : service.params().resourceTypes()) {
            for (IndexedParam param : service.params().paramsOf(type)) {
                if (param.type() == RestSearchParameterTypeEnum.REFERENCE) {
                    names.add(param.name());
                }
            }
        }
        this.referenceParams = List.copyOf(names);
    }

    @Operation(name = "$everything", type = Patient.class, idempotent = true)
    public Bundle everything(@IdParam IIdType id,
            @OperationParam(name = "_since", min = 0, max = 1) InstantType since,
            @OperationParam(name = "_type", min = 0, max = OperationParam.MAX_UNLIMITED) List<StringType> typeParams,
            @OperationParam(name = "_count", min = 0, max = 1) IntegerType count,
            RequestDetails request) {
        for (String name : request.getParameters().keySet()) {
            if (!PARAMS.contains(name)) {
                throw OutcomeCodes.notSupported("Parameter '" + name + "' is not supported by $everything; it takes "
                        + "_since, _type, _count and _offset");
            }
        }
        FhirIds.requireValid(id.getIdPart());
        Set<String> types = new LinkedHashSet<>();
        if (typeParams != null) {
            for (StringType value : typeParams) {
                for (String type : SearchRequestParser.splitOr(value.getValueAsString())) {
                    types.add(service.requireSupported(type));
                }
            }
        }
        Long sinceMs = since == null || since.getValue() == null ? null : since.getValue().getTime();
        CrossTypeSpec spec = new CrossTypeSpec(List.copyOf(types), List.of(), List.of(), sinceMs,
                compartments.membership("Patient", id.getIdPart(), types));
        OffsetBundle.Page page = OffsetBundle.page(request, settings);
        return service.store().read(tx -> {
            StoredVersion patient = tx.readCurrent("Patient", id.getIdPart()).orElse(null);
            if (patient == null || patient.deleted()) {
                throw new ResourceNotFoundException(id.toUnqualifiedVersionless());
            }
            long total = CrossTypeQueries.count(tx, spec);
            List<IBaseResource> resources = new ArrayList<>();
            if (page.count() > 0) {
                List<StoredVersion> members = tx.readLiveByKeys(
                        CrossTypeQueries.keys(tx, spec, page.offset(), page.count()));
                Set<String> onPage = new java.util.HashSet<>();
                for (StoredVersion member : members) {
                    IBaseResource resource = service.codec().decode(member);
                    ResourceService.markSearchMode(resource, ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum.MATCH);
                    resources.add(resource);
                    onPage.add(member.type() + "/" + member.id());
                }
                for (IBaseResource referenced : service.included(tx, members.stream().map(StoredVersion::pk).toList(),
                        referenceParams)) {
                    String key = referenced.getIdElement().toUnqualifiedVersionless().getValue();
                    if ((types.isEmpty() || types.contains(referenced.getIdElement().getResourceType()))
                            && onPage.add(key)) {
                        resources.add(referenced);
                    }
                }
            }
            return OffsetBundle.searchset(request, page, total, resources);
        });
    }
}
