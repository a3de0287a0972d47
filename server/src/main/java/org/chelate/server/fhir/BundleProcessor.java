package org.chelate.server.fhir;

import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.chelate.server.store.StoreException;
import org.chelate.server.store.StoreTransaction;
import org.chelate.server.store.StoredVersion;
import org.chelate.server.store.WriteLocks;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;

/**
 * Runs transaction and batch Bundles. A transaction runs in one store transaction: ids are chosen for new resources
 * first, references to their fullUrls (e.g. urn:uuid) are rewritten, then entries run in the FHIR order (DELETE, POST,
 * PUT, GET); any failure rolls everything back. Batch entries run independently, each with its own outcome.
 */
final class BundleProcessor {

    private final ResourceService service;
    private final FhirEndpointSettings settings;
    private final BundleEntryParser parser;
    private final ResourcePatcher patcher;

    BundleProcessor(ResourceService service, FhirEndpointSettings settings) {
        this.service = service;
        this.settings = settings;
        this.parser = new BundleEntryParser(service);
        this.patcher = new ResourcePatcher(service);
    }

    Bundle transaction(Bundle bundle, String base, PatchHooks hooks) {
        List<BundleOp> ops = new ArrayList<>();
        Set<String> fullUrls = new HashSet<>();
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleOp op = parser.parse(i, bundle.getEntry().get(i));
            if (op.fullUrl() != null && !fullUrls.add(op.fullUrl())) {
                throw new InvalidRequestException("entry " + i + " repeats fullUrl '" + op.fullUrl()
                        + "'; each entry of a transaction needs its own");
            }
            ops.add(op);
        }
        List<String> lockKeys = ops.stream().map(BundleProcessor::lockKey).filter(Objects::nonNull).toList();
        return service.store().inTransaction(lockKeys, tx -> {
            Map<String, String> newIds = new HashMap<>();
            Map<Integer, BundleEntryComponent> responses = new HashMap<>();
            Map<Integer, String> assigned = new HashMap<>();
            for (BundleOp op : ops) {
                if (op.method() == HTTPVerb.POST) {
                    assignId(tx, op, newIds, responses, assigned, base);
                } else if (op.method() == HTTPVerb.PUT && op.fullUrl() != null && op.id() != null) {
                    newIds.put(op.fullUrl(), op.type() + "/" + op.id());
                }
            }
            List<BundleOp> rewritten = new ArrayList<>(ops.size());
            for (BundleOp op : ops) {
                if (op.resource() != null) {
                    rewriteReferences(op, newIds);
                }
                rewritten.add(op.patch() == null ? op : op.withPatch(op.patch().withReferences(newIds)));
            }
            List<BundleOp> ordered = new ArrayList<>(rewritten);
            ordered.sort(Comparator.comparingInt(op -> order(op.method())));
            for (BundleOp op : ordered) {
                if (responses.containsKey(op.index())) {
                    continue;
                }
                try {
                    responses.put(op.index(), execute(tx, op, assigned, base, hooks));
                } catch (BaseServerResponseException e) {
                    throw BaseServerResponseException.newInstance(e.getStatusCode(),
                            "Transaction failed at " + op.describe() + ": " + e.getMessage()
                                    + " Nothing in the transaction was saved.");
                }
            }
            Bundle response = new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
            for (int i = 0; i < ops.size(); i++) {
                response.addEntry(responses.get(i));
            }
            return response;
        });
    }

    /**
     * What an entry must hold while it runs: its resource (PUT, DELETE) or its create condition (POST with
     * ifNoneExist); new resources and reads need none. A transaction takes all its entries' keys at once, in one
     * order ({@link WriteLocks}), so two transactions touching the same resources cannot deadlock.
     */
    private static String lockKey(BundleOp op) {
        return switch (op.method()) {
            case PUT, PATCH, DELETE -> op.id() == null ? WriteLocks.condition(op.type(), op.condition())
                    : WriteLocks.resource(op.type(), op.id());
            case POST -> WriteLocks.condition(op.type(), op.condition());
            default -> null;
        };
    }

    Bundle batch(Bundle bundle, String base, PatchHooks hooks) {
        Bundle response = new Bundle().setType(Bundle.BundleType.BATCHRESPONSE);
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            BundleEntryComponent entry;
            try {
                BundleOp op = parser.parse(i, bundle.getEntry().get(i));
                entry = service.store().inTransaction(Collections.singletonList(lockKey(op)),
                        tx -> execute(tx, op, Map.of(), base, hooks));
            } catch (BaseServerResponseException e) {
                entry = failed(e.getStatusCode(), e.getMessage());
            } catch (StoreException e) {
                entry = failed(500, "The store failed on this entry: " + e.getMessage());
            }
            response.addEntry(entry);
        }
        return response;
    }

    private static BundleEntryComponent failed(int status, String message) {
        BundleEntryComponent entry = new BundleEntryComponent();
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OutcomeCodes.forStatus(status))
                .setDiagnostics(message);
        entry.getResponse().setStatus(status + " " + reason(status)).setOutcome(outcome);
        return entry;
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 412 -> "Precondition Failed";
            case 413 -> "Payload Too Large";
            case 422 -> "Unprocessable Entity";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static int order(HTTPVerb method) {
        return switch (method) {
            case DELETE -> 0;
            case POST -> 1;
            case PUT, PATCH -> 2;
            default -> 3;
        };
    }

    private void assignId(StoreTransaction tx, BundleOp op, Map<String, String> newIds,
            Map<Integer, BundleEntryComponent> responses, Map<Integer, String> assigned, String base) {
        if (op.condition() != null && !op.condition().isBlank()) {
            List<StoredVersion> matches;
            try {
                matches = service.matches(tx, op.type(), op.condition(), 2);
            } catch (BaseServerResponseException e) {
                throw BaseServerResponseException.newInstance(e.getStatusCode(),
                        "Transaction failed at " + op.describe() + ": " + e.getMessage());
            }
            if (matches.size() > 1) {
                throw new PreconditionFailedException("Transaction failed at "
                        + op.describe() + ": ifNoneExist '" + op.condition() + "' matches more than one " + op.type()
                        + ". Nothing in the transaction was saved.");
            }
            if (matches.size() == 1) {
                StoredVersion existing = matches.get(0);
                if (op.fullUrl() != null) {
                    newIds.put(op.fullUrl(), existing.type() + "/" + existing.id());
                }
                BundleEntryComponent entry = new BundleEntryComponent();
                entry.setFullUrl(absolute(new IdType(existing.type(), existing.id()), base));
                entry.getResponse().setStatus("200 OK")
                        .setLocation(existing.type() + "/" + existing.id() + "/_history/" + existing.version())
                        .setEtag("W/\"" + existing.version() + "\"");
                responses.put(op.index(), entry);
                return;
            }
        }
        String id = FhirIds.newId();
        assigned.put(op.index(), id);
        if (op.fullUrl() != null) {
            newIds.put(op.fullUrl(), op.type() + "/" + id);
        }
    }

    private void rewriteReferences(BundleOp op, Map<String, String> newIds) {
        FhirTerser terser = service.params().context().newTerser();
        for (IBaseReference reference : terser.getAllPopulatedChildElementsOfType(op.resource(), IBaseReference.class)) {
            IIdType target = reference.getReferenceElement();
            if (target == null || target.getValue() == null) {
                continue;
            }
            String value = target.getValue();
            String replacement = newIds.get(value);
            if (replacement != null) {
                reference.setReference(replacement);
            } else if (value.startsWith("urn:uuid:") || value.startsWith("urn:oid:")) {
                throw new InvalidRequestException("Transaction failed at " + op.describe() + ": reference '" + value
                        + "' does not match the fullUrl of any entry. Nothing in the transaction was saved.");
            }
        }
    }

    /** Runs one entry; POSTs whose id was chosen up front (transactions) are created with that id. */
    private BundleEntryComponent execute(StoreTransaction tx, BundleOp op, Map<Integer, String> assigned, String base,
            PatchHooks hooks) {
        BundleEntryComponent entry = new BundleEntryComponent();
        switch (op.method()) {
            case POST -> {
                ResourceService.Written written;
                String id = assigned.get(op.index());
                if (id != null) {
                    written = service.createWithId(tx, op.resource(), id);
                } else {
                    written = service.create(tx, op.resource(), op.condition());
                }
                describe(entry, written.id(), written.created() ? "201 Created" : "200 OK", written.resource(), base);
            }
            case PUT -> {
                Long expected = op.version() == null ? null : ResourceService.parseVersion(op.version());
                ResourceService.Written written = op.id() == null
                        ? service.conditionalUpdate(tx, op.type(), op.condition(), op.resource())
                        : service.update(tx, op.type(), op.id(), expected, op.resource());
                describe(entry, written.id(), written.created() ? "201 Created" : "200 OK", written.resource(), base);
            }
            case PATCH -> {
                Long expected = op.version() == null ? null : ResourceService.parseVersion(op.version());
                ResourceService.Written written = op.id() == null
                        ? patcher.conditionalPatch(tx, op.type(), op.condition(), op.patch(), hooks)
                        : patcher.patch(tx, op.type(), op.id(), expected, op.patch(), hooks);
                describe(entry, written.id(), "200 OK", written.resource(), base);
            }
            case DELETE -> {
                if (op.id() == null) {
                    service.conditionalDelete(tx, op.type(), op.condition());
                } else {
                    service.delete(tx, op.type(), op.id());
                }
                entry.getResponse().setStatus("204 No Content");
            }
            case GET -> {
                if (op.id() != null) {
                    IBaseResource resource = op.version() == null
                            ? service.read(tx, op.type(), op.id())
                            : service.vread(tx, op.type(), op.id(), op.version());
                    if (notModified(op.condition(), resource)) {
                        entry.getResponse().setStatus("304 Not Modified")
                                .setEtag("W/\"" + resource.getIdElement().getVersionIdPart() + "\"");
                        return entry;
                    }
                    entry.setFullUrl(absolute(resource.getIdElement(), base));
                    entry.setResource((Resource) resource);
                    entry.getResponse().setStatus("200 OK")
                            .setEtag("W/\"" + resource.getIdElement().getVersionIdPart() + "\"");
                } else {
                    entry.setResource(search(tx, op, base)).getResponse().setStatus("200 OK");
                }
            }
            default -> throw new InvalidRequestException(op.describe() + ": method is not supported");
        }
        return entry;
    }

    /** The absolute URL of a resource on this server (fullUrls must be absolute). */
    static String absolute(IIdType id, String base) {
        return id.toUnqualifiedVersionless().withServerBase(base, id.getResourceType()).getValue();
    }

    /** True when a GET's ifNoneMatch names the current version, or nothing changed since its ifModifiedSince. */
    private static boolean notModified(String conditional, IBaseResource resource) {
        if (conditional == null) {
            return false;
        }
        String etag = conditional.substring(0, conditional.indexOf('|'));
        String since = conditional.substring(conditional.indexOf('|') + 1);
        if (!etag.isEmpty()) {
            return etag.equals(resource.getIdElement().getVersionIdPart());
        }
        java.util.Date updated = resource.getMeta().getLastUpdated();
        return !since.isEmpty() && updated != null && updated.getTime() <= Long.parseLong(since) + 999;
    }

    private void describe(BundleEntryComponent entry, IIdType id, String status, IBaseResource resource, String base) {
        entry.setFullUrl(absolute(id, base));
        entry.setResource((Resource) resource);
        entry.getResponse().setStatus(status)
                .setLocation(id.toUnqualified().getValue())
                .setEtag("W/\"" + id.getVersionIdPart() + "\"");
        if (resource.getMeta().getLastUpdated() != null) {
            entry.getResponse().setLastModified(resource.getMeta().getLastUpdated());
        }
    }

    private Bundle search(StoreTransaction tx, BundleOp op, String base) {
        Map<String, String[]> query = ResourceService.parseQueryString(op.query());
        SearchRequest request = service.parseSearch(op.type(), query, false);
        int count = settings.defaultPageSize();
        String[] countValues = query.get("_count");
        if (countValues != null && countValues.length > 0) {
            try {
                count = Math.min(settings.maxPageSize(), Integer.parseInt(countValues[0]));
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) {
                throw new InvalidRequestException("Invalid _count '" + countValues[0] + "' in " + op.describe());
            }
        }
        Bundle result = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        result.setTotal((int) tx.count(request.spec()));
        for (IBaseResource resource : service.searchPage(tx, request, 0, count)) {
            BundleEntryComponent entry = result.addEntry().setResource((Resource) resource);
            entry.setFullUrl(absolute(resource.getIdElement(), base));
            BundleEntrySearchModeEnum mode = ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.get((IAnyResource) resource);
            entry.getSearch().setMode(mode == BundleEntrySearchModeEnum.INCLUDE
                    ? Bundle.SearchEntryMode.INCLUDE : Bundle.SearchEntryMode.MATCH);
        }
        return result;
    }
}
