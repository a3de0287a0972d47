package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
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
    private final ObjectMapper json;
    private final NextPages pages;

    PrefetchResolver(FhirContext fhir, FhirFallbackFetcher fetcher, Clock clock, ObjectMapper json) {
        this.fhir = fhir;
        this.fetcher = fetcher;
        this.clock = clock;
        this.json = json;
        this.pages = new NextPages(this, fetcher, clock);
    }

    PrefetchedData resolve(JsonNode prefetch, String patientId, String fhirServer, String token, Instant fetchDeadline,
                           DataGaps gaps) {
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
            if (!withinBounds(key, (ObjectNode) node, gaps)) {
                continue;
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
            fetchMissing(missing, patientId, fhirServer, token, fetchDeadline, resources, gaps);
        }
        pages.followAll(resources, fhirServer, token, fetchDeadline, gaps);
        unavailable.addAll(gaps.unreadableInputs());
        if (resources.isEmpty()) {
            throw new CdsHooksException(412, "none of the data this service needs could be read: "
                    + gaps.unreadable().entrySet().stream().map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT)
                            + " (" + e.getValue() + ")").collect(java.util.stream.Collectors.joining(", ")));
        }
        return assemble(resources, unavailable, patientId);
    }

    /**
     * False, with the input noted as unreadable, when the resource (outside a Bundle's entries) holds a number
     * outside {@link org.chelate.plugin.numbers.DecimalBounds}; entries holding one are taken out and noted.
     */
    static boolean withinBounds(PrefetchKey key, ObjectNode node, DataGaps gaps) {
        if ("Bundle".equals(node.path("resourceType").textValue())) {
            if (OutOfBoundNumbers.dropFromBundle(node, PrefetchKey.describe(key), gaps)) {
                return true;
            }
            gaps.inputNotRead(key.input(), "the record holds a number too large or too precise to read");
            return false;
        }
        java.util.Optional<String> found = OutOfBoundNumbers.firstIn(node, "");
        if (found.isEmpty()) {
            return true;
        }
        gaps.recordNotRead(OutOfBoundNumbers.reference(node), PrefetchKey.describe(key), found.get());
        gaps.inputNotRead(key.input(), "the record holds a number too large or too precise to read");
        return false;
    }

    private void fetchMissing(List<PrefetchKey> missing, String patientId, String fhirServer, String token,
                              Instant fetchDeadline, Map<PrefetchKey, IBaseResource> resources, DataGaps gaps) {
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
        for (Map.Entry<PrefetchKey, CompletableFuture<String>> call : calls.entrySet()) {
            PrefetchKey key = call.getKey();
            String body = await(call.getValue(), fetchDeadline, key.key(), PrefetchKey.describe(key), gaps, key.input());
            if (body == null) {
                continue;
            }
            IBaseResource resource = fetchedResource(key, body, gaps);
            if (resource != null) {
                resources.put(key, resource);
            }
        }
    }

    /**
     * The body of a fetch, or null with the gap noted when it failed or did not arrive by the deadline (it is then
     * cancelled). Only an interrupt (the call's budget is over) ends the whole call.
     */
    String await(CompletableFuture<String> call, Instant deadline, String key, String what, DataGaps gaps, Input input) {
        try {
            long wait = Math.max(1, Duration.between(clock.instant(), deadline).toMillis());
            return call.get(wait, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            LOG.warn("fetching prefetch '{}' ran out of the call's budget: rules needing {} are skipped", key, input);
            gaps.inputNotRead(input, "the EHR's FHIR server did not answer in time");
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while fetching prefetch");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("fetching prefetch '{}' failed: {}; rules needing {} are skipped", key, cause.getMessage(), input);
            gaps.inputNotRead(input, cause instanceof FetchException f ? FetchException.inWords(f)
                    : "the EHR's FHIR server could not be reached");
        }
        return null;
    }

    /** A fetched body as a resource of the key's type, numbers bounded; null with the gap noted when unreadable. */
    IBaseResource fetchedResource(PrefetchKey key, String body, DataGaps gaps) {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            tree = null;
        }
        if (!(tree instanceof ObjectNode object)) {
            gaps.inputNotRead(key.input(), "the EHR's FHIR server sent data that is not FHIR JSON");
            return null;
        }
        if (!withinBounds(key, object, gaps)) {
            return null;
        }
        IBaseResource resource;
        try {
            resource = parse(parser(), object, "fhirServer response for '" + key.key() + "'");
            checkType(key, resource, 412, "fhirServer response for");
        } catch (CdsHooksException e) {
            LOG.warn("{}", e.getMessage());
            gaps.inputNotRead(key.input(), "the EHR's FHIR server sent data that is not valid FHIR R4");
            return null;
        }
        return resource;
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
        String own = "Patient/" + patientId; // once per call, not once per record
        for (Map.Entry<PrefetchKey, IBaseResource> e : resources.entrySet()) {
            if (!(e.getValue() instanceof Bundle bundle)) {
                continue;
            }
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Resource r = entry.getResource();
                if (r instanceof MedicationStatement ms) {
                    statements.add(ownedBy(ms, ms.getSubject().getReference(), patientId, own, e.getKey()));
                } else if (r instanceof MedicationRequest mr) {
                    requests.add(ownedBy(mr, mr.getSubject().getReference(), patientId, own, e.getKey()));
                } else if (r instanceof Observation o) {
                    observations.add(ownedBy(o, o.getSubject().getReference(), patientId, own, e.getKey()));
                } else if (r instanceof Condition c) {
                    conditions.add(ownedBy(c, c.getSubject().getReference(), patientId, own, e.getKey()));
                } else if (r instanceof Medication m && m.getIdElement().getIdPart() != null) {
                    medications.put("Medication/" + m.getIdElement().getIdPart(), m);
                    medications.put(m.getIdElement().getIdPart(), m);
                }
            }
        }
        return new PrefetchedData(patient, statements, requests, observations, conditions, medications, unavailable);
    }

    private static <T extends Resource> T ownedBy(T resource, String subject, String patientId, String own,
                                                  PrefetchKey key) {
        if (subject != null && !subject.endsWith(own) && subject.contains("Patient/")) {
            throw CdsHooksException.badRequest("prefetch '" + key.key() + "' holds " + resource.fhirType() + "/"
                    + resource.getIdElement().getIdPart() + " of another patient (" + subject + ")");
        }
        return resource;
    }

    IParser parser() {
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
                Resource held = entry.getResource();
                if (held == null) {
                    continue;
                }
                String entryType = held.fhirType();
                // an empty resource is skipped as before (hasResource), tested last: isEmpty walks the whole resource
                if (!key.entryTypes().contains(entryType) && !(held instanceof OperationOutcome) && !held.isEmpty()) {
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
