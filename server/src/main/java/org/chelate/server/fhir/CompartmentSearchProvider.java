package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.method.BaseMethodBinding;
import ca.uhn.fhir.rest.server.method.SearchMethodBinding;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.store.SearchSpec;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Compartment search, {@code GET [owner type]/[id]/[member type]?[parameters]}: the member type's search with the
 * compartment's membership (see {@link Compartments}) as one more criterion. HAPI binds a compartment search to a
 * method per member type name; this one method serves every member type instead, through
 * {@link #binding(String)}, which {@link ChelateRestfulServer} hands HAPI for such requests.
 */
public final class CompartmentSearchProvider {

    private final ResourceService service;
    private final Compartments compartments;
    private final FhirEndpointSettings settings;
    private final Map<String, BaseMethodBinding> bindings = new HashMap<>();

    CompartmentSearchProvider(ResourceService service, Compartments compartments, FhirEndpointSettings settings) {
        this.service = service;
        this.compartments = compartments;
        this.settings = settings;
        FhirContext context = service.params().context();
        Method method;
        try {
            method = CompartmentSearchProvider.class.getMethod("search", IIdType.class, RequestDetails.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (String owner : Compartments.OWNERS) {
            if (compartments.isOwner(owner)) {
                Class<? extends IBaseResource> ownerClass = context.getResourceDefinition(owner).getImplementingClass();
                bindings.put(owner, new SearchMethodBinding(Bundle.class, ownerClass, method, context, this));
            }
        }
    }

    /** The binding for a request, or null when it is no compartment search. */
    BaseMethodBinding binding(RequestDetails request) {
        if (request.getCompartmentName() == null || request.getId() == null
                || request.getRequestType() != RequestTypeEnum.GET) {
            return null;
        }
        return bindings.get(request.getResourceName());
    }

    @Search(compartmentName = "member", allowUnknownParams = true)
    public Bundle search(@IdParam IIdType owner, RequestDetails request) {
        String ownerType = request.getResourceName();
        String memberType = service.requireSupported(request.getCompartmentName());
        FhirIds.requireValid(owner.getIdPart());
        List<String> membership = compartments.membershipParams(ownerType, memberType);
        if (membership.isEmpty()) {
            throw new InvalidRequestException(memberType + " is not in the " + ownerType + " compartment (R4 "
                    + "CompartmentDefinition); its member types are " + String.join(", ",
                    compartments.memberTypes(ownerType)));
        }
        OffsetBundle.Page page = OffsetBundle.page(request, settings);
        SearchRequest parsed = service.parseSearch(memberType, OffsetBundle.withoutPaging(request.getParameters()),
                StoredResourceProvider.isLenient(request));
        List<SearchSpec.Criterion> criteria = new ArrayList<>();
        criteria.add(new SearchSpec.InCompartment(membership, ownerType, owner.getIdPart()));
        criteria.addAll(parsed.spec().criteria());
        SearchRequest search = new SearchRequest(new SearchSpec(memberType, criteria, parsed.spec().sort()),
                parsed.includeParams(), parsed.revIncludes());
        return service.store().read(tx -> {
            long total = tx.count(search.spec());
            List<IBaseResource> resources = page.count() == 0 ? List.of()
                    : service.searchPage(tx, search, page.offset(), page.count());
            return OffsetBundle.searchset(request, page, total, resources);
        });
    }
}
