package org.chelate.server.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Date;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;

/** Stored JSON ↔ HAPI resources. Parsers are not thread-safe, so each thread keeps one. */
final class ResourceCodec {

    /** Bound of the cache of parsed versions, in characters of their stored JSON (a parsed copy takes a few times that). */
    static final long CACHE_MAX_BODY_CHARS = 16_000_000;

    private final FhirContext context;
    private final ThreadLocal<IParser> parsers;
    private final Cache<String, Parsed> decoded = Caffeine.newBuilder()
            .maximumWeight(CACHE_MAX_BODY_CHARS)
            .<String, Parsed>weigher((key, parsed) -> parsed.body().length())
            .build();

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

    /**
     * The resource of a stored (not deleted) version, with its versioned id; a new object for every call (callers and
     * HAPI may change it). Parsed versions are kept in a bounded cache ({@value #CACHE_MAX_BODY_CHARS} characters of
     * stored JSON) and handed out as copies, which costs about a tenth of a parse. An entry is used only when its text
     * is the stored text, so a version number reused after a rolled-back transaction can never return the wrong body.
     * The stored text rides along in the resource's user data ({@link StoredJson}).
     */
    IBaseResource decode(StoredVersion stored) {
        String key = stored.type() + '/' + stored.id() + '/' + stored.version();
        Parsed cached = decoded.getIfPresent(key);
        IBaseResource resource;
        if (cached != null && cached.body().equals(stored.body())) {
            resource = cached.resource().copy();
        } else {
            resource = parsers.get().parseResource(stored.body());
            if (resource instanceof Resource parsed) {
                decoded.put(key, new Parsed(stored.body(), parsed.copy()));
            }
        }
        resource.setId(new IdType(stored.type(), stored.id(), Long.toString(stored.version())));
        StoredJson.remember(resource, stored.body());
        return resource;
    }

    private record Parsed(String body, Resource resource) {
    }

    String typeOf(IBaseResource resource) {
        return context.getResourceType(resource);
    }
}
