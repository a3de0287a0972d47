package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.chelate.server.store.CrossTypeSpec;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;

/**
 * Compartment membership as the R4 CompartmentDefinitions give it, read from HAPI's search parameter definitions
 * ({@code RuntimeSearchParam.getProvidesMembershipInCompartments()}) of the indexed reference parameters: a resource
 * is in the compartment of {@code Patient/123} when one of those parameters of its type refers to Patient/123.
 */
final class Compartments {

    /** The R4 compartments (CompartmentDefinition.code). */
    static final Set<String> OWNERS = Set.of("Patient", "Encounter", "RelatedPerson", "Practitioner", "Device");

    /** owner type → member type → reference parameters that make a resource a member. */
    private final Map<String, Map<String, List<String>>> members = new TreeMap<>();

    Compartments(IndexedParams params) {
        for (String owner : OWNERS) {
            if (!params.supports(owner)) {
                continue;
            }
            Map<String, List<String>> byType = new TreeMap<>();
            for (String type : params.resourceTypes()) {
                List<String> names = new ArrayList<>();
                for (IndexedParam param : params.paramsOf(type)) {
                    if (param.type() == RestSearchParameterTypeEnum.REFERENCE
                            && param.definition().getProvidesMembershipInCompartments() != null
                            && param.definition().getProvidesMembershipInCompartments().contains(owner)) {
                        names.add(param.name());
                    }
                }
                if (!names.isEmpty()) {
                    byType.put(type, List.copyOf(names.stream().sorted().toList()));
                }
            }
            members.put(owner, byType);
        }
    }

    boolean isOwner(String type) {
        return members.containsKey(type);
    }

    /** The parameters that put a resource of memberType in the owner's compartment (empty: the type is not in it). */
    List<String> membershipParams(String owner, String memberType) {
        return members.getOrDefault(owner, Map.of()).getOrDefault(memberType, List.of());
    }

    /** The member types of an owner's compartment. */
    Set<String> memberTypes(String owner) {
        return members.getOrDefault(owner, Map.of()).keySet();
    }

    /** The compartment of ownerType/ownerId, limited to the given member types (empty: all). */
    CrossTypeSpec.Membership membership(String owner, String ownerId, Set<String> types) {
        Map<String, List<String>> byType = new TreeMap<>(members.getOrDefault(owner, Map.of()));
        if (!types.isEmpty()) {
            byType.keySet().retainAll(types);
        }
        return new CrossTypeSpec.Membership(owner, ownerId, byType);
    }
}
