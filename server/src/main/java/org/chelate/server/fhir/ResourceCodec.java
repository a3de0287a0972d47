package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Date;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/** Stored JSON ↔ HAPI resources. Parsers are not thread-safe, so each thread keeps one. */
final class ResourceCodec {

    private final FhirContext context;
    private final ThreadLocal<IParser> parsers;

    ResourceCodec(FhirContext context) {
        this.context = context;
        this.parsers = ThreadLocal.withInitial(() -> context.newJsonParser().setPrettyPrint(false));
    }

    FhirContext context() {
        return context;
    }

    /** Stamps id, version and time into the resource and encodes it as it will be stored. */
    String encode(IBaseResource resource, String type, String id, long version, long updatedMs) {
        resource.setId(new IdType(type, id, Long.toString(version)));
        resource.getMeta().setVersionId(Long.toString(version));
        resource.getMeta().setLastUpdated(new Date(updatedMs));
        return parsers.get().encodeResourceToString(resource);
    }

    /** The resource of a stored (not deleted) version, with its versioned id. */
    IBaseResource decode(StoredVersion stored) {
        IBaseResource resource = parsers.get().parseResource(stored.body());
        resource.setId(new IdType(stored.type(), stored.id(), Long.toString(stored.version())));
        return resource;
    }

    String typeOf(IBaseResource resource) {
        return context.getResourceType(resource);
    }
}
