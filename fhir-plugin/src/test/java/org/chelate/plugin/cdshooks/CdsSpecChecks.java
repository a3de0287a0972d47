package org.chelate.plugin.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.chelate.plugin.guidance.FhirValidation;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** The CDS Hooks 2.0 rules for discovery documents and cards, as assertions. */
final class CdsSpecChecks {

    static final Set<String> HOOKS = Set.of("patient-view", "order-select", "order-sign");
    private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    private static final List<String> ORDER = List.of("critical", "warning", "info");

    private CdsSpecChecks() {
    }

    static void discovery(JsonNode doc) {
        JsonNode services = doc.get("services");
        assertTrue(services != null && services.isArray() && !services.isEmpty(), "services array");
        Set<String> ids = new HashSet<>();
        for (JsonNode s : services) {
            assertTrue(HOOKS.contains(s.path("hook").asText()), "hook " + s);
            assertTrue(nonBlank(s, "id") && ids.add(s.get("id").asText()), "unique id " + s);
            assertTrue(nonBlank(s, "description"), "description required");
            assertTrue(nonBlank(s, "title"), "title");
            assertTrue(nonBlank(s, "usageRequirements"), "usageRequirements");
            JsonNode prefetch = s.get("prefetch");
            assertTrue(prefetch != null && prefetch.isObject() && !prefetch.isEmpty(), "prefetch object");
            prefetch.fields().forEachRemaining(e -> {
                assertTrue(e.getValue().isTextual(), "prefetch template is a string");
                assertTrue(e.getValue().asText().contains("{{context.patientId}}"), "template uses context.patientId");
            });
        }
    }

    /** Checks the response; returns its cards. */
    static JsonNode response(JsonNode response) {
        JsonNode cards = response.get("cards");
        assertTrue(cards != null && cards.isArray(), "cards array required");
        Set<String> uuids = new HashSet<>();
        Set<String> summaries = new HashSet<>();
        int lastRank = 0;
        for (JsonNode card : cards) {
            card(card);
            assertTrue(uuids.add(card.get("uuid").asText()), "card uuids unique");
            assertTrue(summaries.add(card.get("summary").asText() + card.path("source").path("topic").path("code")),
                    "no duplicate cards");
            int rank = ORDER.indexOf(card.get("indicator").asText());
            assertTrue(rank >= lastRank, "most severe first");
            lastRank = rank;
        }
        return cards;
    }

    static void card(JsonNode card) {
        String summary = card.path("summary").asText();
        assertFalse(summary.isBlank(), "summary required");
        assertTrue(summary.length() < 140, "summary under 140 characters: " + summary);
        assertTrue(INDICATORS.contains(card.path("indicator").asText()), "indicator enum");
        UUID.fromString(card.path("uuid").asText());
        JsonNode source = card.get("source");
        assertNotNull(source, "source required");
        assertTrue(nonBlank(source, "label"), "source.label required");
        assertTrue(source.path("label").asText().contains("knowledge pack"), "pack version named");
        if (source.has("url")) {
            assertTrue(source.get("url").asText().startsWith("https://"));
        }
        JsonNode topic = source.get("topic");
        assertTrue(nonBlank(topic, "system") && nonBlank(topic, "code") && nonBlank(topic, "display"), "topic coding");
        assertTrue(card.path("detail").isTextual(), "detail markdown");
        boolean warning = !card.path("indicator").asText().equals("info");
        if (warning) {
            JsonNode reasons = card.get("overrideReasons");
            assertTrue(reasons != null && reasons.isArray() && !reasons.isEmpty(), "overrideReasons on warnings");
            for (JsonNode r : reasons) {
                assertTrue(nonBlank(r, "code") && nonBlank(r, "system") && nonBlank(r, "display"),
                        "override reason coding with display");
            }
        }
        JsonNode suggestions = card.get("suggestions");
        if (suggestions != null) {
            String behaviour = card.path("selectionBehavior").asText();
            assertTrue(Set.of("at-most-one", "any").contains(behaviour), "selectionBehavior with suggestions");
            int recommended = 0;
            for (JsonNode s : suggestions) {
                assertTrue(nonBlank(s, "label"), "suggestion label");
                UUID.fromString(s.path("uuid").asText());
                recommended += s.path("isRecommended").asBoolean(false) ? 1 : 0;
                for (JsonNode a : s.get("actions")) {
                    String type = a.path("type").asText();
                    assertTrue(Set.of("create", "update", "delete").contains(type), "action type");
                    assertTrue(nonBlank(a, "description"), "action description");
                    if (type.equals("delete")) {
                        assertTrue(nonBlank(a, "resourceId"), "delete names resourceId");
                    } else {
                        IBaseResource resource = FhirContext.forR4Cached().newJsonParser()
                                .parseResource(a.get("resource").toString());
                        assertEquals(List.of(), FhirValidation.errors(resource), "suggested resource validates");
                    }
                }
            }
            if (behaviour.equals("at-most-one")) {
                assertTrue(recommended <= 1, "at most one recommended suggestion");
            }
        } else {
            assertFalse(card.has("selectionBehavior"));
        }
        JsonNode links = card.get("links");
        if (links != null) {
            for (JsonNode l : links) {
                assertTrue(nonBlank(l, "label") && nonBlank(l, "url"));
                assertTrue(Set.of("absolute", "smart").contains(l.path("type").asText()));
            }
        }
    }

    private static boolean nonBlank(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) && node.get(field).isTextual() && !node.get(field).asText().isBlank();
    }
}
