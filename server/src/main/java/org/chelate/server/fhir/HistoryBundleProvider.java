package org.chelate.server.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Versions newest first, of one resource (id given) or of a type; deletions appear as DELETE entries. The size is the
 * total number of versions, whatever the offset.
 */
final class HistoryBundleProvider implements IBundleProvider {

    private final ResourceService service;
    private final String type;
    private final String id;
    private final Long sinceMs;
    private final int baseOffset;
    private final InstantType published = new InstantType(new Date());
    private volatile Integer size;

    /** baseOffset: the _offset of the request (HAPI pages history by offset); indexes below count from it. */
    HistoryBundleProvider(ResourceService service, String type, String id, Long sinceMs, int baseOffset) {
        this.service = service;
        this.type = type;
        this.id = id;
        this.sinceMs = sinceMs;
        this.baseOffset = baseOffset;
    }

    @Override
    public IPrimitiveType<Date> getPublished() {
        return published;
    }

    @Override
    public List<IBaseResource> getResources(int fromIndex, int toIndex) {
        int limit = Math.max(0, toIndex - fromIndex);
        if (limit == 0) {
            return List.of();
        }
        List<StoredVersion> versions = service.store().read(tx -> tx.history(type, id, sinceMs, baseOffset + fromIndex, limit));
        List<IBaseResource> resources = new ArrayList<>(versions.size());
        for (StoredVersion version : versions) {
            IBaseResource resource;
            BundleEntryTransactionMethodEnum method;
            if (version.deleted()) {
                resource = service.params().context().getResourceDefinition(version.type()).newInstance();
                resource.setId(new IdType(version.type(), version.id(), Long.toString(version.version())));
                ResourceMetadataKeyEnum.DELETED_AT.put((IAnyResource) resource, new InstantType(new Date(version.updatedMs())));
                method = BundleEntryTransactionMethodEnum.DELETE;
            } else {
                resource = service.codec().decode(version);
                method = version.version() == 1 ? BundleEntryTransactionMethodEnum.POST : BundleEntryTransactionMethodEnum.PUT;
            }
            ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put((IAnyResource) resource, method);
            resources.add(resource);
        }
        return resources;
    }

    @Override
    public String getUuid() {
        return null;
    }

    @Override
    public Integer preferredPageSize() {
        return null;
    }

    @Override
    public Integer size() {
        Integer known = size;
        if (known == null) {
            long count = service.store().read(tx -> tx.historyCount(type, id, sinceMs));
            known = (int) Math.min(Integer.MAX_VALUE, count);
            size = known;
        }
        return known;
    }
}
