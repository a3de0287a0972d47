package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Supplier;
import org.chelate.plugin.ids.TimeOrderedUuid;
import org.chelate.plugin.guidance.CardType;
import org.chelate.plugin.guidance.FhirAction;
import org.chelate.plugin.guidance.Finding;
import org.chelate.plugin.guidance.Severity;
import org.chelate.plugin.guidance.Suggestion;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Source;

/** Dresses a {@link Finding} as a CDS Hooks 2.0 card (JSON). */
final class CardFactory {

    /** Code system of Chelate's override reasons. */
    static final String OVERRIDE_SYSTEM = "http://chelate.org/fhir/CodeSystem/chelate-cds-override-reason";

    static final String APP_LINK_LABEL = "Open the patient's magnesium and zinc view";

    private static final List<String[]> OVERRIDE_REASONS = List.of(
            new String[] {"clinically-appropriate", "Clinically appropriate for this patient; monitored"},
            new String[] {"already-addressed", "Already addressed (dose or timing changed, or labs ordered)"},
            new String[] {"record-incorrect", "The recorded dose or timing is incorrect"},
            new String[] {"patient-declined", "Patient informed and declined the change"});

    private final ObjectMapper json;
    private final FhirContext fhir;
    private final KnowledgePack pack;
    /** Where the clinician view's SMART launch is (absolute URL), or null: then cards carry no {@code smart} link. */
    private volatile Supplier<String> appLaunchUrl = () -> null;

    CardFactory(ObjectMapper json, FhirContext fhir, KnowledgePack pack) {
        this.json = json;
        this.fhir = fhir;
        this.pack = pack;
    }

    ObjectNode card(Finding f) {
        ObjectNode card = json.createObjectNode();
        card.put("uuid", TimeOrderedUuid.next().toString());
        card.put("summary", f.summary());
        card.put("indicator", f.severity().indicator());
        card.put("detail", f.detail() + "\n\n_Chelate knowledge pack " + pack.packId() + " version " + pack.version()
                + "._");
        ObjectNode source = card.putObject("source");
        Source primary = f.sources().isEmpty() ? null : f.sources().get(0);
        source.put("label", (primary == null ? "Chelate (the patient's own records)" : primary.id() + ": "
                + primary.label()) + " \u2014 Chelate knowledge pack " + pack.version());
        if (primary != null && primary.url() != null) {
            source.put("url", primary.url());
        }
        ObjectNode topic = source.putObject("topic");
        topic.put("system", CardType.SYSTEM);
        topic.put("code", f.type().code());
        topic.put("display", f.type().display());
        if (!f.suggestions().isEmpty()) {
            ArrayNode suggestions = card.putArray("suggestions");
            for (Suggestion s : f.suggestions()) {
                suggestions.add(suggestion(s));
            }
            card.put("selectionBehavior", "at-most-one");
        }
        if (f.severity() != Severity.INFO) {
            ArrayNode reasons = card.putArray("overrideReasons");
            for (String[] r : OVERRIDE_REASONS) {
                reasons.addObject().put("system", OVERRIDE_SYSTEM).put("code", r[0]).put("display", r[1]);
            }
        }
        ArrayNode links = json.createArrayNode();
        f.sources().stream().filter(s -> s.url() != null).distinct().forEach(s -> links.addObject()
                .put("label", s.id() + ": " + s.label()).put("url", s.url()).put("type", "absolute"));
        String app = appLaunchUrl.get();
        if (app != null) {
            links.addObject().put("label", APP_LINK_LABEL).put("url", app).put("type", "smart");
        }
        if (!links.isEmpty()) {
            card.set("links", links);
        }
        return card;
    }

    void linkToApp(Supplier<String> launchUrl) {
        this.appLaunchUrl = launchUrl;
    }

    private ObjectNode suggestion(Suggestion s) {
        ObjectNode node = json.createObjectNode();
        node.put("label", s.label());
        node.put("uuid", TimeOrderedUuid.next().toString());
        node.put("isRecommended", s.recommended());
        ArrayNode actions = node.putArray("actions");
        for (FhirAction a : s.actions()) {
            ObjectNode action = actions.addObject();
            action.put("type", a.type().code());
            action.put("description", a.description());
            if (a.resource() != null) {
                try {
                    action.set("resource", json.readTree(fhir.newJsonParser().encodeResourceToString(a.resource())));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("HAPI produced JSON Jackson cannot read", e);
                }
            }
            if (a.resourceId() != null) {
                action.put("resourceId", a.resourceId());
            }
        }
        return node;
    }
}
