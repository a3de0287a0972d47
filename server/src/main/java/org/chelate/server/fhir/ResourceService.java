package org.chelate.server.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.server.store.IndexExtractor;
import org.chelate.server.store.IndexedParams;
import org.chelate.server.store.ResourceStore;
import org.chelate.server.store.StoreTransaction;
import org.chelate.server.store.StoredVersion;
import org.chelate.server.store.WriteResult;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;

/**
 * FHIR interactions over the store: what create, read, update, delete and search mean, independent of HTTP. Every
 * method takes the store transaction it runs in, so that a transaction Bundle can run many of them in one.
 */
public final class ResourceService {

    private final ResourceCodec codec;
    private final ResourceStore store;
    private final IndexedParams params;
    private final IndexExtractor extractor;
    private final SearchRequestParser parser;

    public ResourceService(ResourceStore store, IndexedParams params) {
        this.codec = new ResourceCodec(params.context());
        this.store = store;
        this.params = params;
        this.extractor = new IndexExtractor(params);
        this.parser = new SearchRequestParser(params);
    }

    public ResourceStore store() {
        return store;
    }

    public IndexedParams params() {
        return params;
    }

    ResourceCodec codec() {
        return codec;
    }

    /** The result of a write: the resource as stored (with versioned id), and whether it is new. */
    public record Written(IBaseResource resource, IIdType id, boolean created) {
    }

    /** Creates a resource with a new server id; with a condition (If-None-Exist) returns the one match instead. */
    public Written create(StoreTransaction tx, IBaseResource resource, String condition) {
        String type = requireSupported(codec.typeOf(resource));
        if (condition != null && !condition.isBlank()) {
            lockCondition(tx, type, condition);
            List<StoredVersion> matches = matches(tx, type, condition, 2);
            if (matches.size() > 1) {
                throw new PreconditionFailedException("If-None-Exist '" + condition + "' matches more than one "
                        + type + "; make the condition more specific (e.g. identifier=system|value)");
            }
            if (matches.size() == 1) {
                IBaseResource existing = codec.decode(matches.get(0));
                return new Written(existing, existing.getIdElement(), false);
            }
        }
        String id = FhirIds.newId();
        WriteResult result = tx.create(type, id,
                (version, updatedMs) -> codec.encode(resource, type, id, version, updatedMs), extractor.extract(resource));
        StoredJson.remember(resource, result.body());
        return new Written(resource, resource.getIdElement(), result.created());
    }

    /** Creates with the server id already chosen (transaction entries whose references were rewritten). */
    Written createWithId(StoreTransaction tx, IBaseResource resource, String id) {
        String type = requireSupported(codec.typeOf(resource));
        tx.create(type, id, (version, updatedMs) -> codec.encode(resource, type, id, version, updatedMs),
                extractor.extract(resource));
        return new Written(resource, resource.getIdElement(), true);
    }

    /** Updates type/id (or creates it with that id); expectedVersion from If-Match, else null. */
    public Written update(StoreTransaction tx, String type, String id, Long expectedVersion, IBaseResource resource) {
        requireSupported(type);
        FhirIds.requireValid(id);
        String bodyType = codec.typeOf(resource);
        if (!bodyType.equals(type)) {
            throw new InvalidRequestException("The body is a " + bodyType + " but the URL names " + type);
        }
        WriteResult result = tx.update(type, id, expectedVersion,
                (version, updatedMs) -> codec.encode(resource, type, id, version, updatedMs), extractor.extract(resource));
        StoredJson.remember(resource, result.body());
        return new Written(resource, resource.getIdElement(), result.created());
    }

    /**
     * Conditional update (PUT type?condition): no match creates the resource (with the id it carries, else a new
     * one), one match updates it, more than one is 412. The condition's lock row is held until the commit.
     */
    public Written conditionalUpdate(StoreTransaction tx, String type, String condition, IBaseResource resource) {
        List<StoredVersion> matches = lockedMatches(tx, type, condition, "a conditional update needs at most one match");
        IIdType bodyId = resource.getIdElement();
        // in a Bundle, HAPI gives a resource without id the entry's fullUrl (urn:uuid:...): that is no id of its own
        boolean ownId = bodyId.hasIdPart() && !String.valueOf(bodyId.getValue()).startsWith("urn:");
        String id;
        if (matches.isEmpty()) {
            id = ownId ? bodyId.getIdPart() : FhirIds.newId();
        } else {
            id = matches.get(0).id();
            if (ownId && !bodyId.getIdPart().equals(id)) {
                throw new InvalidRequestException("The resource's id '" + bodyId.getIdPart() + "' differs from the id '"
                        + id + "' of the " + type + " the condition '" + condition + "' matches");
            }
        }
        return update(tx, type, id, null, resource);
    }

    /**
     * Conditional delete (DELETE type?condition): deletes the one match; no match deletes nothing (null); more than
     * one is 412.
     */
    public IIdType conditionalDelete(StoreTransaction tx, String type, String condition) {
        List<StoredVersion> matches = lockedMatches(tx, type, condition, "a conditional delete removes at most one");
        return matches.isEmpty() ? null : delete(tx, type, matches.get(0).id());
    }

    /** The at most one match of a write condition, found holding the condition's lock row; more is 412. */
    List<StoredVersion> lockedMatches(StoreTransaction tx, String type, String condition, String rule) {
        requireSupported(type);
        lockCondition(tx, type, condition);
        List<StoredVersion> matches = matches(tx, type, condition, 2);
        if (matches.size() > 1) {
            throw new PreconditionFailedException("The condition '" + condition + "' matches more than one " + type
                    + "; " + rule);
        }
        return matches;
    }

    private static void lockCondition(StoreTransaction tx, String type, String condition) {
        String query = condition.contains("?") ? condition.substring(condition.indexOf('?') + 1) : condition;
        tx.lockCondition(type + "?" + query.trim());
    }

    /** Deletes type/id; returns the id of the deletion version. */
    public IIdType delete(StoreTransaction tx, String type, String id) {
        requireSupported(type);
        FhirIds.requireValid(id);
        WriteResult result = tx.delete(type, id);
        return new IdType(type, id, Long.toString(result.version()));
    }

    public IBaseResource read(StoreTransaction tx, String type, String id) {
        requireSupported(type);
        FhirIds.requireValid(id);
        StoredVersion stored = tx.readCurrent(type, id)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
        if (stored.deleted()) {
            throw new ResourceGoneException("Resource " + type + "/" + id + " was deleted (version "
                    + stored.version() + "); its history is still available at " + type + "/" + id + "/_history");
        }
        return codec.decode(stored);
    }

    public IBaseResource vread(StoreTransaction tx, String type, String id, String version) {
        requireSupported(type);
        FhirIds.requireValid(id);
        long number = parseVersion(version);
        StoredVersion stored = tx.readVersion(type, id, number)
                .orElseThrow(() -> new ResourceNotFoundException("Resource " + type + "/" + id + " has no version "
                        + version));
        if (stored.deleted()) {
            throw new ResourceGoneException("Version " + version + " of " + type + "/" + id + " is its deletion");
        }
        return codec.decode(stored);
    }

    static long parseVersion(String version) {
        try {
            long number = Long.parseLong(version);
            if (number < 1) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("'" + version + "' is not a version of this server: versions are 1, 2, 3, ...");
        }
    }

    /** Parses search parameters of a type. */
    SearchRequest parseSearch(String type, Map<String, String[]> query, boolean lenient) {
        requireSupported(type);
        return parser.parse(type, query, lenient);
    }

    /** Up to limit current matches of a query string such as "identifier=a|b" or "Patient?identifier=a|b". */
    List<StoredVersion> matches(StoreTransaction tx, String type, String condition, int limit) {
        String query = condition.contains("?") ? condition.substring(condition.indexOf('?') + 1) : condition;
        Map<String, String[]> parsed = parseQueryString(query);
        if (parsed.isEmpty()) {
            throw new InvalidRequestException("The condition '" + condition + "' has no search parameters");
        }
        SearchRequest request = parser.parse(type, parsed, false);
        return tx.search(request.spec(), 0, limit);
    }

    static Map<String, String[]> parseQueryString(String query) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        Map<String, String[]> result = new LinkedHashMap<>();
        values.forEach((name, list) -> result.put(name, list.toArray(String[]::new)));
        return result;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Malformed URL encoding in '" + text + "'");
        }
    }

    /** A page of search results: matches, then the resources their included references point to. */
    List<IBaseResource> searchPage(StoreTransaction tx, SearchRequest request, int offset, int limit) {
        return searchPage(tx, request, tx.search(request.spec(), offset, limit));
    }

    /** As {@link #searchPage(StoreTransaction, SearchRequest, int, int)}, for a page already read. */
    List<IBaseResource> searchPage(StoreTransaction tx, SearchRequest request, List<StoredVersion> page) {
        List<IBaseResource> resources = new ArrayList<>(page.size());
        for (StoredVersion stored : page) {
            IBaseResource resource = codec.decode(stored);
            markSearchMode(resource, BundleEntrySearchModeEnum.MATCH);
            resources.add(resource);
        }
        if (!request.includeParams().isEmpty() && !page.isEmpty()) {
            resources.addAll(included(tx, page.stream().map(StoredVersion::pk).toList(), request.includeParams()));
        }
        if (!request.revIncludes().isEmpty() && !page.isEmpty()) {
            resources.addAll(revIncluded(tx, request, page));
        }
        return resources;
    }

    List<IBaseResource> included(StoreTransaction tx, List<Long> pks, List<String> includeParams) {
        Set<String> targets = tx.referenceTargets(pks, includeParams);
        Map<String, List<String>> idsByType = new LinkedHashMap<>();
        for (String target : targets) {
            int slash = target.indexOf('/');
            String targetType = target.substring(0, slash);
            if (params.supports(targetType)) {
                idsByType.computeIfAbsent(targetType, t -> new ArrayList<>()).add(target.substring(slash + 1));
            }
        }
        List<IBaseResource> included = new ArrayList<>();
        idsByType.forEach((targetType, ids) -> {
            for (StoredVersion stored : tx.readLive(targetType, ids)) {
                IBaseResource resource = codec.decode(stored);
                markSearchMode(resource, BundleEntrySearchModeEnum.INCLUDE);
                included.add(resource);
            }
        });
        return included;
    }

    /** At most this many resources are added to one page by _revinclude; more is a 400 (too-costly). */
    static final int MAX_REVINCLUDED = 1000;

    private List<IBaseResource> revIncluded(StoreTransaction tx, SearchRequest request, List<StoredVersion> page) {
        List<String> ids = page.stream().map(StoredVersion::id).toList();
        Set<Long> keys = new java.util.LinkedHashSet<>();
        for (SearchRequest.RevInclude revInclude : request.revIncludes()) {
            keys.addAll(tx.referringKeys(revInclude.sourceType(), revInclude.param(), request.spec().resourceType(),
                    ids, MAX_REVINCLUDED + 1));
        }
        if (keys.size() > MAX_REVINCLUDED) {
            throw new ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException("_revinclude would add more than "
                    + MAX_REVINCLUDED + " resources to one page; ask for a smaller _count or search the referring type");
        }
        List<IBaseResource> included = new ArrayList<>();
        for (StoredVersion stored : tx.readLiveByKeys(List.copyOf(keys))) {
            IBaseResource resource = codec.decode(stored);
            markSearchMode(resource, BundleEntrySearchModeEnum.INCLUDE);
            included.add(resource);
        }
        return included;
    }

    static void markSearchMode(IBaseResource resource, BundleEntrySearchModeEnum mode) {
        if (resource instanceof IAnyResource any) {
            ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(any, mode);
        }
    }

    String requireSupported(String type) {
        if (!params.supports(type)) {
            throw new InvalidRequestException("Resource type " + type + " is not stored by this server; supported: "
                    + String.join(", ", new java.util.TreeSet<>(params.resourceTypes())));
        }
        return type;
    }
}
