package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.chelate.plugin.guidance.Finding;
import org.chelate.plugin.guidance.GuidanceEngine;
import org.chelate.plugin.guidance.ImplausibleRecordException;
import org.chelate.plugin.guidance.Input;
import org.chelate.plugin.guidance.OrderFocus;
import org.chelate.plugin.guidance.PatientPicture;
import org.chelate.plugin.guidance.PatientPictureBuilder;
import org.chelate.plugin.guidance.PatientRecord;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.observation.ResponseCalculator;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.LabCodes;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDS Hooks 2.0 service, independent of any servlet container: discovery, invocation and feedback as JSON.
 * Bad input raises {@link CdsHooksException} with the HTTP status to answer. Thread-safe.
 */
public final class CdsHooksService {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksService.class);
    /** FHIR id: 1-64 of [A-Za-z0-9\-\.]. */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final ObjectMapper json;
    private final FhirContext fhir;
    private final CdsServiceCatalog catalog = new CdsServiceCatalog();
    private final CdsHooksConfig config;
    private final KnowledgePack pack;
    private final GuidanceEngine engine;
    private final PatientPictureBuilder builder;
    private final PrefetchResolver resolver;
    private final CardFactory cards;
    private final FeedbackStore feedback;
    /** Bounded: a flood of slow calls is refused quickly instead of piling up work past every budget. */
    private final ExecutorService pool;
    private final FhirFallbackFetcher fetcher;

    public CdsHooksService(KnowledgePack pack, CdsHooksConfig config, FeedbackStore feedback) {
        this(pack, config, feedback, new FhirFallbackFetcher(config.outbound()), LabCodes.standard());
    }

    public CdsHooksService(KnowledgePack pack, CdsHooksConfig config, FeedbackStore feedback,
                           FhirFallbackFetcher fetcher, LabCodes labCodes) {
        this.config = config;
        this.pack = pack;
        this.feedback = feedback;
        this.json = requestMapper();
        this.fhir = FhirContext.forR4Cached();
        this.engine = new GuidanceEngine(pack, labCodes);
        this.builder = new PatientPictureBuilder(new RegimenMapper(), new ObservationMapper(),
                new ResponseCalculator(config.minimalImportantDifferences()), InteractingDrugs.standard(),
                config.maxPlausibleDailyMg());
        this.fetcher = fetcher;
        this.resolver = new PrefetchResolver(fhir, fetcher, config.clock(), json);
        this.cards = new CardFactory(json, fhir, pack);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, java.util.concurrent.TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 8), r -> {
                    Thread t = new Thread(r, "cds-guidance-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        ((ThreadPoolExecutor) pool).allowCoreThreadTimeOut(true);
    }

    /** Reads requests and writes answers: strict JSON, exact decimals, bounded nesting and lengths. */
    static ObjectMapper requestMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                // exact decimals, as HAPI reads them: the prefetch tree goes to HAPI's parser as it is
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(64).maxStringLength(2_000_000).build());
        return mapper;
    }

    public ObjectMapper json() {
        return json;
    }

    public CdsHooksConfig config() {
        return config;
    }

    public KnowledgePack pack() {
        return pack;
    }

    public FeedbackStore feedbackStore() {
        return feedback;
    }

    /**
     * Every card from now on carries a CDS Hooks 2.0 {@code smart} link to the SMART app launched at {@code launchUrl}
     * (absolute; the EHR adds {@code iss} and {@code launch}); a null URL from the supplier leaves the link out.
     */
    public void linkCardsToApp(java.util.function.Supplier<String> launchUrl) {
        cards.linkToApp(launchUrl);
    }

    public ObjectNode discovery() {
        return catalog.discovery(json);
    }

    /** Parses a request body; malformed JSON is a 400. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw CdsHooksException.badRequest("empty request body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw CdsHooksException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CdsHooksException.badRequest("unreadable request body: " + e.getMessage());
        }
    }

    /** {@code POST /cds-services/{id}}: the cards for one hook call. */
    public ObjectNode invoke(String serviceId, JsonNode request) {
        return invoke(serviceId, request, null);
    }

    /**
     * As {@link #invoke(String, JsonNode)} for an authenticated caller: the cards are remembered as received by
     * {@code client} (the verified {@code iss}; null when calls are not authenticated), and feedback on them is taken
     * from that client only.
     */
    public ObjectNode invoke(String serviceId, JsonNode request, String client) {
        return invoke(serviceId, request, config.budget(), true, client);
    }

    /**
     * Runs one synthetic call through every layer (parsing, terminology tables, mapping, rules, cards) so that the
     * first real call does not spend its budget loading classes. Call once after construction; nothing is stored.
     */
    public void warmUp() {
        String request = """
                {"hookInstance":"00000000-0000-4000-8000-000000000000","hook":"patient-view",
                 "context":{"patientId":"warm-up"},
                 "prefetch":{
                  "patient":{"resourceType":"Patient","id":"warm-up","gender":"female","birthDate":"1980-01-01"},
                  "medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[{"resource":
                    {"resourceType":"MedicationStatement","id":"w1","status":"active",
                     "medicationCodeableConcept":{"text":"magnesium bisglycinate"},"subject":{"reference":"Patient/warm-up"},
                     "dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}},
                       "doseAndRate":[{"doseQuantity":{"value":500,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}]}},
                    {"resource":{"resourceType":"MedicationStatement","id":"w2","status":"active",
                     "medicationCodeableConcept":{"text":"doxycycline 100 mg"},"subject":{"reference":"Patient/warm-up"},
                     "dosage":[{"timing":{"repeat":{"frequency":1,"period":1,"periodUnit":"d","when":["HS"]}}}]}}]},
                  "medicationRequests":{"resourceType":"Bundle","type":"searchset"},
                  "observations":{"resourceType":"Bundle","type":"searchset","entry":[{"resource":
                    {"resourceType":"Observation","id":"w3","status":"final","subject":{"reference":"Patient/warm-up"},
                     "code":{"coding":[{"system":"http://loinc.org","code":"19123-9"}]},"effectiveDateTime":"2020-01-01",
                     "valueQuantity":{"value":2.0,"unit":"mg/dL","system":"http://unitsofmeasure.org","code":"mg/dL"}}}]},
                  "conditions":{"resourceType":"Bundle","type":"searchset"}}}
                """;
        long t0 = System.nanoTime();
        fetcher.prepare();
        invoke("chelate-patient-view", parse(request.getBytes(StandardCharsets.UTF_8)),
                Duration.ofMinutes(1), false, null);
        LOG.info("CDS Hooks service warmed up in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private ObjectNode invoke(String serviceId, JsonNode request, Duration budget, boolean recordIssued,
                              String client) {
        long startNanos = System.nanoTime();
        Instant start = config.clock().instant();
        Instant deadline = start.plus(budget);
        Instant fetchDeadline = start.plusMillis((long) (budget.toMillis() * config.fetchShare()));
        CdsServiceDescriptor service = catalog.byId(serviceId)
                .orElseThrow(() -> new CdsHooksException(404, "no CDS service '" + serviceId + "'"));
        if (!request.isObject()) {
            throw CdsHooksException.badRequest("request body must be a JSON object");
        }
        String hook = JsonFields.text(request, "hook", true);
        if (!service.hook().equals(hook)) {
            throw CdsHooksException.badRequest("service " + serviceId + " answers hook '" + service.hook() + "', not '"
                    + hook + "'");
        }
        JsonFields.text(request, "hookInstance", true);
        JsonNode context = request.get("context");
        if (context == null || !context.isObject()) {
            throw CdsHooksException.badRequest("context is missing or not an object");
        }
        String patientId = JsonFields.text(context, "patientId", true);
        if (!FHIR_ID.matcher(patientId).matches()) {
            throw CdsHooksException.badRequest("context.patientId is not a FHIR id");
        }
        String fhirServer = JsonFields.text(request, "fhirServer", false);
        if (fhirServer != null && OutboundFetchPolicy.origin(fhirServer).isEmpty()) {
            throw CdsHooksException.badRequest("fhirServer is not an http(s) URL");
        }
        String token = token(request.get("fhirAuthorization"));
        boolean orderHook = !CdsServiceCatalog.PATIENT_VIEW.equals(service.hook());
        DataGaps gaps = new DataGaps();
        Bundle draftBundle = orderHook ? draftOrders(context, gaps) : null;
        List<MedicationRequest> drafts = draftBundle == null ? List.of() : medicationRequests(draftBundle);
        OrderFocus focus = CdsServiceCatalog.ORDER_SELECT.equals(service.hook())
                ? OrderFocus.selections(selections(context, draftBundle, gaps)) : OrderFocus.ALL_DRAFTS;

        LocalDate today = LocalDate.ofInstant(start, ZoneOffset.UTC);
        AtomicReference<List<Finding>> early = new AtomicReference<>(null);
        Callable<List<Finding>> work = () -> {
            PrefetchedData data = resolver.resolve(request.get("prefetch"), patientId, fhirServer, token,
                    fetchDeadline, gaps);
            PatientRecord record = new PatientRecord(patientId, data.patient(), data.statements(), data.requests(),
                    data.observations(), data.conditions(), data.medications(), drafts, today, orderHook,
                    data.unavailable());
            PatientPicture picture;
            try {
                picture = builder.withoutObservations(record).withFocus(focus);
            } catch (ImplausibleRecordException e) {
                throw new CdsHooksException(422, e.getMessage());
            }
            gaps.inputsMissingFrom(picture);
            // first the cards that need no Observation, kept in case the labs and scores do not fit the budget
            early.set(engine.evaluate(picture, config.clock()::instant, deadline));
            gaps.checkTimeLimit(config.clock(), deadline);
            // the second pass runs only the rules that need the Observations; the others already ran on the same data
            List<Finding> late = engine.evaluateNeeding(Input.OBSERVATIONS,
                    builder.withObservations(picture, record).withFocus(focus), config.clock()::instant, deadline);
            gaps.checkTimeLimit(config.clock(), deadline);
            return merge(late, early.get());
        };
        List<Finding> findings = new ArrayList<>(withinBudget(work, early, gaps, request.get("hookInstance").asText(),
                serviceId, startNanos, budget));
        IncompleteDataCard.of(gaps).ifPresent(findings::add);
        findings.sort(Comparator.comparing(Finding::severity)); // stable: the incomplete card goes last of its severity
        ObjectNode response = json.createObjectNode();
        ArrayNode cardArray = response.putArray("cards");
        List<IssuedCard> issued = new ArrayList<>();
        for (Finding f : findings) {
            ObjectNode card = cards.card(f);
            cardArray.add(card);
            issued.add(new IssuedCard(card.get("uuid").asText(), serviceId, f.type().code(), f.severity().indicator(),
                    start, client));
        }
        if (!issued.isEmpty() && recordIssued) {
            feedback.cardsIssued(issued);
        }
        Duration took = Duration.between(start, config.clock().instant());
        if (took.compareTo(budget) > 0) {
            LOG.warn("CDS call {} to {} took {} ms, over the {} ms budget", request.get("hookInstance").asText(),
                    serviceId, took.toMillis(), budget.toMillis());
        }
        return response;
    }

    /**
     * Runs the reading, mapping and rules of a call on the guidance pool and waits at most until the deadline
     * (mapping cannot be cut half-way, so the wait is what keeps the budget hard). Past the deadline the call answers
     * with the cards already made from the medications alone; with the pool saturated, with none. The log says why.
     */
    private List<Finding> withinBudget(Callable<List<Finding>> work,
                                       AtomicReference<List<Finding>> early, DataGaps gaps,
                                       String hookInstance, String serviceId, long startNanos, Duration budget) {
        Future<List<Finding>> future;
        try {
            future = pool.submit(work);
        } catch (RejectedExecutionException e) {
            LOG.warn("CDS call {} to {}: guidance pool saturated, answering 503", hookInstance, serviceId);
            throw new CdsHooksException(503, "the service is busy: no guidance was computed; retry shortly");
        }
        // real elapsed time, whatever the configured clock says: this wait is what the caller experiences
        long waitMs = Math.max(1, budget.toMillis() - (System.nanoTime() - startNanos) / 1_000_000);
        try {
            return future.get(waitMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            List<Finding> made = early.get();
            if (made == null) {
                gaps.notEvaluated("every check: the record could not be read within the time limit");
                made = List.of();
            } else {
                gaps.notEvaluated("lab results and symptom scores (serum levels, eGFR with magnesium, copper "
                        + "monitoring, symptom response)");
            }
            LOG.warn("CDS call {} to {}: reading and mapping the record did not finish within the budget; "
                    + "answering with the {} card(s) that need no Observation", hookInstance, serviceId, made.size());
            return made;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new CdsHooksException(503, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The first pass's findings (rules that need no Observation) and the second's (those that do). */
    private static List<Finding> merge(List<Finding> late, List<Finding> early) {
        Map<String, Finding> byKey = new LinkedHashMap<>();
        late.forEach(f -> byKey.put(f.key(), f));
        early.forEach(f -> byKey.putIfAbsent(f.key(), f));
        List<Finding> all = new ArrayList<>(byKey.values());
        all.sort(java.util.Comparator.comparing(Finding::severity));
        return org.chelate.plugin.guidance.TemplateGate.apply(all);
    }

    /** {@code POST /cds-services/{id}/feedback}. */
    public void feedback(String serviceId, JsonNode request) {
        feedback(serviceId, request, null);
    }

    /**
     * Feedback from {@code client} (the verified {@code iss}, null when calls are not authenticated): taken only for
     * cards this service issued to that same client; a card of another service or another EHR is refused.
     */
    public void feedback(String serviceId, JsonNode request, String client) {
        catalog.byId(serviceId).orElseThrow(() -> new CdsHooksException(404, "no CDS service '" + serviceId + "'"));
        FeedbackIntake.take(feedback, serviceId, FeedbackReader.read(serviceId, request), client);
    }

    private Bundle draftOrders(JsonNode context, DataGaps gaps) {
        JsonNode node = context.get("draftOrders");
        if (node == null || node.isNull()) {
            throw CdsHooksException.badRequest("context.draftOrders is required for order hooks");
        }
        if (!node.isObject() || !"Bundle".equals(node.path("resourceType").asText(null))) {
            throw CdsHooksException.badRequest("context.draftOrders must be a FHIR Bundle");
        }
        if (!OutOfBoundNumbers.dropFromBundle((ObjectNode) node, "draft orders", gaps)) {
            throw CdsHooksException.badRequest("context.draftOrders holds a number too large or too precise to read");
        }
        IBaseResource parsed = resolver.parse(fhir.newJsonParser().setParserErrorHandler(
                new StrictErrorHandler()), node, "context.draftOrders");
        if (!(parsed instanceof Bundle bundle)) {
            throw CdsHooksException.badRequest("context.draftOrders must be a FHIR Bundle");
        }
        return bundle;
    }

    private static List<MedicationRequest> medicationRequests(Bundle draftOrders) {
        List<MedicationRequest> drafts = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : draftOrders.getEntry()) {
            if (e.getResource() instanceof MedicationRequest mr) {
                drafts.add(mr);
            }
        }
        return drafts;
    }

    /**
     * order-select's {@code context.selections}: the relative references ("MedicationRequest/103") of the orders the
     * clinician selected, each one an order of {@code context.draftOrders} (CDS Hooks 2.0 order-select).
     */
    private static Set<String> selections(JsonNode context, Bundle draftOrders, DataGaps gaps) {
        JsonNode node = context.get("selections");
        if (node == null || node.isNull()) {
            throw CdsHooksException.badRequest("context.selections is required for order-select");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw CdsHooksException.badRequest("context.selections must be a non-empty array of references");
        }
        Set<String> inBundle = new HashSet<>();
        for (Bundle.BundleEntryComponent e : draftOrders.getEntry()) {
            if (e.hasResource() && e.getResource().getIdElement().getIdPart() != null) {
                inBundle.add(e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart());
            }
        }
        Set<String> selected = new LinkedHashSet<>();
        for (JsonNode s : node) {
            if (!s.isTextual() || s.asText().isBlank()) {
                throw CdsHooksException.badRequest("context.selections must hold references such as "
                        + "\"MedicationRequest/103\"");
            }
            if (!inBundle.contains(s.asText())
                    && gaps.recordsNotRead().stream().noneMatch(r -> r.startsWith(s.asText() + " "))) {
                throw CdsHooksException.badRequest("context.selections names " + JsonFields.clip(s.asText())
                        + ", which is not an order in context.draftOrders");
            }
            selected.add(s.asText());
        }
        return selected;
    }

    private static String token(JsonNode auth) {
        if (auth == null || auth.isNull()) {
            return null;
        }
        if (!auth.isObject()) {
            throw CdsHooksException.badRequest("fhirAuthorization must be an object");
        }
        String token = JsonFields.text(auth, "access_token", true);
        String type = JsonFields.text(auth, "token_type", false);
        if (type != null && !type.equalsIgnoreCase("Bearer")) {
            throw CdsHooksException.badRequest("fhirAuthorization.token_type must be Bearer");
        }
        return token;
    }

}
