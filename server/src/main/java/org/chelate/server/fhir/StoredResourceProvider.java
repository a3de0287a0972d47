package org.chelate.server.fhir;

import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.IncludeParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.chelate.server.store.WriteLocks;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.InstantType;

/** The REST interactions of one stored resource type, as HAPI plain-server bindings over {@link ResourceService}. */
public final class StoredResourceProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> resourceClass;
    private final String type;
    private final ResourceService service;
    private final ResourcePatcher patcher;
    private final Compartments compartments;

    StoredResourceProvider(ResourceService service, String type, Compartments compartments) {
        this.service = service;
        this.compartments = compartments;
        this.patcher = new ResourcePatcher(service);
        this.type = type;
        this.resourceClass = service.params().context().getResourceDefinition(type).getImplementingClass();
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return resourceClass;
    }

    @Read(version = true)
    public IBaseResource read(@IdParam IIdType id) {
        if (id.hasVersionIdPart()) {
            return service.store().read(tx -> service.vread(tx, type, id.getIdPart(), id.getVersionIdPart()));
        }
        return service.store().read(tx -> service.read(tx, type, id.getIdPart()));
    }

    @Create
    public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String condition) {
        ResourceService.Written written = service.store().inTransaction(
                Collections.singletonList(WriteLocks.condition(type, condition)),
                tx -> service.create(tx, resource, condition));
        return outcome(written);
    }

    @Update
    public MethodOutcome update(@IdParam IIdType id, @ResourceParam IBaseResource resource,
            @ConditionalUrlParam String condition) {
        if (condition != null && !condition.isBlank() && (id == null || !id.hasIdPart())) {
            ResourceService.Written written = service.store().inTransaction(
                    Collections.singletonList(WriteLocks.condition(type, condition)),
                    tx -> service.conditionalUpdate(tx, type, condition, resource));
            return outcome(written);
        }
        if (id == null || !id.hasIdPart()) {
            throw new InvalidRequestException("Update needs an id or a condition in the URL: PUT " + type
                    + "/<id> or PUT " + type + "?<search>");
        }
        Long expected = id.hasVersionIdPart() ? ResourceService.parseVersion(id.getVersionIdPart()) : null;
        ResourceService.Written written = service.store().inTransaction(
                List.of(WriteLocks.resource(type, id.getIdPart())),
                tx -> service.update(tx, type, id.getIdPart(), expected, resource));
        return outcome(written);
    }

    @Delete
    public MethodOutcome delete(@IdParam IIdType id, @ConditionalUrlParam String condition) {
        if (condition != null && !condition.isBlank() && (id == null || !id.hasIdPart())) {
            IIdType deleted = service.store().inTransaction(
                    Collections.singletonList(WriteLocks.condition(type, condition)),
                    tx -> service.conditionalDelete(tx, type, condition));
            return deleted == null ? new MethodOutcome() : new MethodOutcome(deleted);
        }
        if (id == null || !id.hasIdPart()) {
            throw new InvalidRequestException("Delete needs an id or a condition in the URL: DELETE " + type
                    + "/<id> or DELETE " + type + "?<search>");
        }
        IIdType deleted = service.store().inTransaction(List.of(WriteLocks.resource(type, id.getIdPart())),
                tx -> service.delete(tx, type, id.getIdPart()));
        return new MethodOutcome(deleted);
    }

    /** JSON Patch or FHIRPath Patch of type/id (If-Match checked against the current version) or of type?condition. */
    @Patch
    public MethodOutcome patch(@IdParam IIdType id, @ConditionalUrlParam String condition, PatchTypeEnum patchType,
            @ResourceParam String body, RequestDetails request) {
        PatchDocument patch = PatchDocument.of(service.params().context(), patchType, body);
        PatchHooks hooks = PatchHooks.of(request);
        ResourceService.Written written;
        if (condition != null && !condition.isBlank() && (id == null || !id.hasIdPart())) {
            written = service.store().inTransaction(Collections.singletonList(WriteLocks.condition(type, condition)),
                    tx -> patcher.conditionalPatch(tx, type, condition, patch, hooks));
        } else if (id == null || !id.hasIdPart()) {
            throw new InvalidRequestException("Patch needs an id or a condition in the URL: PATCH " + type
                    + "/<id> or PATCH " + type + "?<search>");
        } else {
            Long expected = expectedVersion(id, request.getHeader("If-Match"));
            written = service.store().inTransaction(List.of(WriteLocks.resource(type, id.getIdPart())),
                    tx -> patcher.patch(tx, type, id.getIdPart(), expected, patch, hooks));
        }
        // HAPI adds an ETag to create and update responses only
        request.getResponse().addHeader(Constants.HEADER_ETAG, RestfulServerUtils.createEtag(
                written.id().getVersionIdPart()));
        return outcome(written);
    }

    private static Long expectedVersion(IIdType id, String ifMatch) {
        if (id.hasVersionIdPart()) {
            return ResourceService.parseVersion(id.getVersionIdPart());
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        return ResourceService.parseVersion(ifMatch.trim().replaceAll("^(W/)?\"|\"$", ""));
    }

    /** HAPI pages history by calling again with _offset (its next links say so), not through the paging provider. */
    @History
    public IBundleProvider instanceHistory(@IdParam IIdType id, @Since InstantType since, @Offset Integer offset) {
        FhirIds.requireValid(id.getIdPart());
        service.store().read(tx -> tx.readCurrent(type, id.getIdPart())).orElseThrow(
                () -> new ResourceNotFoundException(id.toUnqualifiedVersionless()));
        return new HistoryBundleProvider(service, type, id.getIdPart(), sinceMs(since), offset(offset));
    }

    @History
    public IBundleProvider typeHistory(@Since InstantType since, @Offset Integer offset) {
        return new HistoryBundleProvider(service, type, null, sinceMs(since), offset(offset));
    }

    private static int offset(Integer offset) {
        if (offset != null && offset < 0) {
            throw new InvalidRequestException("_offset must be 0 or more, not " + offset);
        }
        return offset == null ? 0 : offset;
    }

    /**
     * Every search of this type; the parameters are read from the request itself so that the set of supported
     * parameters is the store's index configuration (reported in the CapabilityStatement by
     * {@link IndexedSearchParamRegistry}).
     */
    @Search(allowUnknownParams = true)
    public IBundleProvider search(
            @Count Integer count,
            @Offset Integer offset,
            @Sort SortSpec sort,
            @IncludeParam Set<Include> includes,
            @IncludeParam(reverse = true) Set<Include> revIncludes,
            RequestDetails request) {
        if (count != null && count < 0) {
            throw new InvalidRequestException("_count must be 0 or more, not " + count);
        }
        SearchRequest search = service.parseSearch(type, OffsetPaging.criteria(request), isLenient(request));
        SearchReach reach = SearchReach.of(request);
        if (reach != null) {
            search = new SearchRequest(reach.confine(search.spec(), compartments), search.includeParams(),
                    search.revIncludes());
        }
        return new SearchBundleProvider(service, search, offset(offset), OffsetPaging.pageSize(count, request),
                SearchTotal.wanted(request.getParameters()));
    }

    static boolean isLenient(RequestDetails request) {
        String prefer = request.getHeader("Prefer");
        if (prefer == null || prefer.isBlank()) {
            return false;
        }
        return RestfulServerUtils.parsePreferHeader(prefer).getHanding()
                == PreferHandlingEnum.LENIENT;
    }

    private static Long sinceMs(InstantType since) {
        return since == null || since.getValue() == null ? null : since.getValue().getTime();
    }

    /** With an informational OperationOutcome, which HAPI sends for {@code Prefer: return=OperationOutcome}. */
    private static MethodOutcome outcome(ResourceService.Written written) {
        MethodOutcome outcome = new MethodOutcome(written.id(), written.created());
        outcome.setResource(written.resource());
        outcome.setOperationOutcome(information((written.created() ? "Created " : "Updated ")
                + written.id().toUnqualified().getValue()));
        return outcome;
    }

    static org.hl7.fhir.r4.model.OperationOutcome information(String message) {
        org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
        outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics(message);
        return outcome;
    }
}
