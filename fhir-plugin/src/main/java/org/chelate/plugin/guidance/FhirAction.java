package org.chelate.plugin.guidance;

import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;

/**
 * One CDS Hooks suggestion action.
 *
 * @param type        create, update or delete
 * @param description what the action does
 * @param resource    the resource to create or the updated resource; null for delete
 * @param resourceId  for delete: the relative reference (e.g. "MedicationRequest/draft-1"); null otherwise
 */
public record FhirAction(Type type, String description, Resource resource, String resourceId) {

    public enum Type {
        CREATE("create"),
        UPDATE("update"),
        DELETE("delete");

        private final String code;

        Type(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    public FhirAction {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        if (type == Type.DELETE ? resourceId == null : resource == null) {
            throw new IllegalArgumentException(type + " action needs " + (type == Type.DELETE ? "a resourceId" : "a resource"));
        }
    }

    public static FhirAction create(String description, Resource resource) {
        return new FhirAction(Type.CREATE, description, resource, null);
    }

    public static FhirAction update(String description, Resource resource) {
        return new FhirAction(Type.UPDATE, description, resource, null);
    }

    public static FhirAction delete(String description, String resourceId) {
        return new FhirAction(Type.DELETE, description, null, resourceId);
    }
}
