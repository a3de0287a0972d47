package org.chelate.server.security.smart;

import java.util.EnumSet;
import java.util.Set;

/**
 * One SMART on FHIR clinical-data scope, e.g. {@code patient/Observation.rs} or {@code system/*.*}, reduced to who it
 * speaks for, which resource type ({@code *} = all) and which interactions.
 */
public record SmartScope(Context context, String resourceType, Set<Interaction> interactions) {

    /** The scope's prefix: the launch patient's compartment only, what the user may see, or a backend service. */
    public enum Context { PATIENT, USER, SYSTEM }

    /** SMART v2's c, r, u, d, s; v1 {@code read} = r+s, {@code write} = c+u+d, {@code *} = all. */
    public enum Interaction { CREATE, READ, UPDATE, DELETE, SEARCH }

    public static final String ANY_TYPE = "*";

    public SmartScope {
        interactions = interactions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(interactions));
    }

    public boolean coversType(String type) {
        return ANY_TYPE.equals(resourceType) || resourceType.equals(type);
    }

    public boolean allows(Interaction interaction) {
        return interactions.contains(interaction);
    }
}
