package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    private final GuidancePool pool = new GuidancePool();
    private final FhirFallbackFetcher fetcher;
    private final OrderContext orderContext;

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
        this.orderContext = new OrderContext(fhir, resolver);
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
        Bundle draftBundle = orderHook ? orderContext.draftOrders(context, gaps) : null;
        List<MedicationRequest> drafts = draftBundle == null ? List.of() : OrderContext.medicationRequests(draftBundle);
        OrderFocus focus = CdsServiceCatalog.ORDER_SELECT.equals(service.hook())
                ? OrderFocus.selections(OrderContext.selections(context, draftBundle, gaps)) : OrderFocus.ALL_DRAFTS;

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
        List<Finding> findings = new ArrayList<>(pool.withinBudget(work, early, gaps, request.get("hookInstance").asText(),
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
