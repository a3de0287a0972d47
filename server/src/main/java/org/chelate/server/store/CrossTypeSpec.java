package org.chelate.server.store;

import java.util.List;
import java.util.Map;

/**
 * A search over several resource types at once (system search, a compartment's members for {@code $everything}).
 * Every part given must hold; null or empty parts do not restrict. Results come in insertion order (the resource key),
 * which is stable, so that a page is found again by its offset on any server instance.
 *
 * @param types       the types to return, or empty for every stored type
 * @param ids         {@code _id} alternatives, or empty
 * @param lastUpdated {@code _lastUpdated} criteria (each a list of alternatives), all of which must hold
 * @param sinceMs     only resources updated at or after this time, or null
 * @param membership  only the members of one compartment, or null
 */
public record CrossTypeSpec(List<String> types, List<String> ids, List<List<SearchSpec.DateBound>> lastUpdated,
        Long sinceMs, Membership membership) {

    public CrossTypeSpec {
        types = List.copyOf(types);
        ids = List.copyOf(ids);
        lastUpdated = List.copyOf(lastUpdated);
    }

    /**
     * The compartment of {@code ownerType/ownerId}: the owner itself and every resource of a type in
     * {@code paramsByType} whose listed reference parameters refer to the owner.
     */
    public record Membership(String ownerType, String ownerId, Map<String, List<String>> paramsByType) {
        public Membership {
            paramsByType = Map.copyOf(paramsByType);
        }
    }
}
