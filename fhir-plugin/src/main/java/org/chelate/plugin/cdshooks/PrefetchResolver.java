package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chelate.plugin.guidance.Input;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the prefetch of a call. A key that is missing, null, or an OperationOutcome (CDS Hooks 2.0: the client could
 * not fetch it) is fetched from {@code fhirServer} when its origin is allowlisted; otherwise the call is answered
 * 412. Resources of a type other than the key declares are a 400. A fetch that runs out of the budget leaves its
 * input unavailable (the rules that need it are skipped) instead of failing the call.
 */
final class PrefetchResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchResolver.class);

    private final FhirContext fhir;
    private final FhirFallbackFetcher fetcher;
    private final Clock clock;
    private final PlainObservationReader plainObservations = new PlainObservationReader();

    PrefetchResolver(FhirContext fhir, FhirFallbackFetcher fetcher, Clock clock) {
        this.fhir = fhir;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    PrefetchedData resolve(JsonNode prefetch, String patientId, String fhirServer, String token, Instant fetchDeadline) {
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
            throw CdsHooksException.badRequest("prefetch must be a JSON object");
        }
        Map<PrefetchKey, IBaseResource> resources = new EnumMap<>(PrefetchKey.class);
        List<PrefetchKey> missing = new ArrayList<>();
        IParser parser = parser();
        for (PrefetchKey key : PrefetchKey.values()) {
            JsonNode node = prefetch == null ? null : prefetch.get(key.key());
            if (node == null || node.isNull() || isOperationOutcome(node)) {
                missing.add(key);
                continue;
            }
            if (!node.isObject()) {
                throw CdsHooksException.badRequest("prefetch '" + key.key() + "' must be a FHIR resource (JSON object)");
            }
            String what = "prefetch '" + key.key() + "'";
            IBaseResource resource = key == PrefetchKey.OBSERVATIONS && "Bundle".equals(node.path("resourceType").textValue())
                    ? plainObservations.readBundle((ObjectNode) node, tree -> parse(parser, tree, what))
                            .map(IBaseResource.class::cast).orElseGet(() -> parse(parser, node, what))
                    : parse(parser, node, what);
            checkType(key, resource, 400, "prefetch");
            resources.put(key, resource);
        }
        Set<Input> unavailable = EnumSet.noneOf(Input.class);
        if (!missing.isEmpty()) {
            fetchMissing(missing, patientId, fhirServer, token, fetchDeadline, resources, unavailable);
        }
        return assemble(resources, unavailable, patientId);
    }

    private void fetchMissing(List<PrefetchKey> missing, String patientId, String fhirServer, String token,
                              Instant fetchDeadline, Map<PrefetchKey, IBaseResource> resources, Set<Input> unavailable) {
        List<String> names = missing.stream().map(PrefetchKey::key).toList();
        if (fhirServer == null) {
            throw new CdsHooksException(412, "prefetch " + names + " not provided and no fhirServer to fetch it from");
        }
        if (!fetcher.allows(fhirServer)) {
            throw new CdsHooksException(412, "prefetch " + names + " not provided and fhirServer "
                    + OutboundFetchPolicy.origin(fhirServer).orElse("(invalid)") + " is not on this service's allowlist");
        }
        Duration left = Duration.between(clock.instant(), fetchDeadline);
        Map<PrefetchKey, CompletableFuture<String>> calls = new EnumMap<>(PrefetchKey.class);
        for (PrefetchKey key : missing) {
            calls.put(key, fetcher.fetch(fhirServer, key.query(patientId), token, left));
        }
        IParser parser = parser();
        for (Map.Entry<PrefetchKey, CompletableFuture<String>> call : calls.entrySet()) {
            PrefetchKey key = call.getKey();
            String body;
            try {
                long wait = Math.max(1, Duration.between(clock.instant(), fetchDeadline).toMillis());
                body = call.getValue().get(wait, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                call.getValue().cancel(true);
                LOG.warn("fetching prefetch '{}' ran out of the call's budget: rules needing {} are skipped",
                        key.key(), key.input());
                unavailable.add(key.input());
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CdsHooksException(503, "interrupted while fetching prefetch");
            } catch (ExecutionException | CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof FetchException f && f.reason() == FetchException.Reason.TIMEOUT) {
                    LOG.warn("fetching prefetch '{}' timed out: rules needing {} are skipped", key.key(), key.input());
                    unavailable.add(key.input());
                    continue;
                }
                throw new CdsHooksException(412, "prefetch '" + key.key() + "' could not be fetched from fhirServer: "
                        + cause.getMessage());
            }
            IBaseResource resource;
            try {
                resource = parser.parseResource(body);
            } catch (DataFormatException | IllegalArgumentException e) {
                throw new CdsHooksException(412, "fhirServer returned unreadable FHIR for '" + key.key() + "'");
            }
            checkType(key, resource, 412, "fhirServer response for");
            resources.put(key, resource);
        }
    }

    private PrefetchedData assemble(Map<PrefetchKey, IBaseResource> resources, Set<Input> unavailable, String patientId) {
        Patient patient = (Patient) resources.get(PrefetchKey.PATIENT);
        if (patient != null && patient.getIdElement().getIdPart() != null
                && !patient.getIdElement().getIdPart().equals(patientId)) {
            throw CdsHooksException.badRequest("prefetch 'patient' is Patient/" + patient.getIdElement().getIdPart()
                    + ", not context.patientId " + patientId);
        }
        List<MedicationStatement> statements = new ArrayList<>();
        List<MedicationRequest> requests = new ArrayList<>();
        List<Observation> observations = new ArrayList<>();
        List<Condition> conditions = new ArrayList<>();
        Map<String, Medication> medications = new HashMap<>();
        for (Map.Entry<PrefetchKey, IBaseResource> e : resources.entrySet()) {
            if (!(e.getValue() instanceof Bundle bundle)) {
                continue;
            }
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource r = entry.getResource();
                if (r instanceof MedicationStatement ms) {
                    statements.add(ownedBy(ms, ms.getSubject().getReference(), patientId, e.getKey()));
                } else if (r instanceof MedicationRequest mr) {
                    requests.add(ownedBy(mr, mr.getSubject().getReference(), patientId, e.getKey()));
                } else if (r instanceof Observation o) {
                    observations.add(ownedBy(o, o.getSubject().getReference(), patientId, e.getKey()));
                } else if (r instanceof Condition c) {
                    conditions.add(ownedBy(c, c.getSubject().getReference(), patientId, e.getKey()));
                } else if (r instanceof Medication m && m.getIdElement().getIdPart() != null) {
                    medications.put("Medication/" + m.getIdElement().getIdPart(), m);
                    medications.put(m.getIdElement().getIdPart(), m);
                }
            }
        }
        return new PrefetchedData(patient, statements, requests, observations, conditions, medications, unavailable);
    }

    private static <T extends Resource> T ownedBy(T resource, String subject, String patientId, PrefetchKey key) {
        if (subject != null && subject.contains("Patient/") && !subject.endsWith("Patient/" + patientId)) {
            throw CdsHooksException.badRequest("prefetch '" + key.key() + "' holds " + resource.fhirType() + "/"
                    + resource.getIdElement().getIdPart() + " of another patient (" + subject + ")");
        }
        return resource;
    }

    private IParser parser() {
        return fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    /**
     * Parses a resource from the request's JSON tree as it is, without writing it back to text for HAPI to tokenize
     * again: HAPI's JSON parser reads a Jackson tree ({@link JacksonStructure}). The request's mapper reads numbers as
     * exact decimals, as HAPI's own does, so "1.50" stays 1.50.
     */
    IBaseResource parse(IParser parser, JsonNode node, String what) {
        if (!(node instanceof ObjectNode object)) {
            throw CdsHooksException.badRequest(what + " must be a FHIR resource (JSON object)");
        }
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject(object);
        try {
            return ((IJsonLikeParser) parser).parseResource(null, structure);
        } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
            throw CdsHooksException.badRequest(what + " is not valid FHIR R4 JSON: " + e.getMessage());
        }
    }

    private static void checkType(PrefetchKey key, IBaseResource resource, int status, String what) {
        String type = resource.fhirType();
        if (!key.resourceType().equals(type)) {
            throw new CdsHooksException(status, what + " '" + key.key() + "' must be a " + key.resourceType()
                    + ", got " + type);
        }
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (!entry.hasResource()) {
                    continue;
                }
                String entryType = entry.getResource().fhirType();
                if (!key.entryTypes().contains(entryType) && !(entry.getResource() instanceof OperationOutcome)) {
                    throw new CdsHooksException(status, what + " '" + key.key() + "' may hold only "
                            + key.entryTypes() + ", got " + entryType);
                }
            }
        }
    }

    private static boolean isOperationOutcome(JsonNode node) {
        return node.isObject() && "OperationOutcome".equals(node.path("resourceType").asText(null));
    }
}
