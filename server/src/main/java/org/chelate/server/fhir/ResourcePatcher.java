package org.chelate.server.fhir;

import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import org.chelate.server.store.StoreTransaction;
import org.chelate.server.store.StoredVersion;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * PATCH over the store: reads the current version, applies the patch to a copy, refuses a result that changes the id
 * or the resource type, lets the request's storage hooks judge old and new ({@link PatchHooks}: authorization, value
 * checks, write validation) and stores the result as the next version, as an update would.
 */
final class ResourcePatcher {

    private final ResourceService service;

    ResourcePatcher(ResourceService service) {
        this.service = service;
    }

    /** Patches type/id; expectedVersion from If-Match (else null): another current version is 412. */
    ResourceService.Written patch(StoreTransaction tx, String type, String id, Long expectedVersion,
            PatchDocument patch, PatchHooks hooks) {
        service.requireSupported(type);
        FhirIds.requireValid(id);
        StoredVersion current = tx.readCurrent(type, id)
                .orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
        if (current.deleted()) {
            throw new ResourceGoneException("Resource " + type + "/" + id + " was deleted (version "
                    + current.version() + "); a deleted resource cannot be patched");
        }
        if (expectedVersion != null && expectedVersion != current.version()) {
            throw new PreconditionFailedException("If-Match names version " + expectedVersion + " of " + type + "/"
                    + id + " but the current version is " + current.version());
        }
        IBaseResource old = service.codec().decode(current);
        IBaseResource patched = patch.applyTo(service.params().context(), service.codec().decode(current),
                current.body());
        String patchedType = service.codec().typeOf(patched);
        if (!patchedType.equals(type)) {
            throw PatchProblem.forbiddenChange("The patch changes resourceType from " + type + " to " + patchedType
                    + "; a patch may not change the resource type");
        }
        String patchedId = patched.getIdElement().getIdPart();
        if (!id.equals(patchedId)) {
            throw PatchProblem.forbiddenChange("The patch changes the id of " + type + "/" + id + " to '"
                    + (patchedId == null ? "" : patchedId) + "'; a patch may not change the id");
        }
        hooks.beforeStore(old, patched);
        return service.update(tx, type, id, current.version(), patched);
    }

    /** PATCH type?condition: the one match is patched; none is 404, more than one 412. */
    ResourceService.Written conditionalPatch(StoreTransaction tx, String type, String condition, PatchDocument patch,
            PatchHooks hooks) {
        List<StoredVersion> matches = service.lockedMatches(tx, type, condition,
                "a conditional patch changes exactly one");
        if (matches.isEmpty()) {
            throw new ResourceNotFoundException("The condition '" + condition + "' matches no " + type
                    + "; a conditional patch needs exactly one match");
        }
        return patch(tx, type, matches.get(0).id(), null, patch, hooks);
    }
}
