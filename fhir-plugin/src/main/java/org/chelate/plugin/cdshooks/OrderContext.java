package org.chelate.plugin.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;

/** The order hooks' context (CDS Hooks 2.0 order-select and order-sign): the draft orders and the selections. */
final class OrderContext {

    private final FhirContext fhir;
    private final PrefetchResolver resolver;

    OrderContext(FhirContext fhir, PrefetchResolver resolver) {
        this.fhir = fhir;
        this.resolver = resolver;
    }

    Bundle draftOrders(JsonNode context, DataGaps gaps) {
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

    static List<MedicationRequest> medicationRequests(Bundle draftOrders) {
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
    static Set<String> selections(JsonNode context, Bundle draftOrders, DataGaps gaps) {
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
}
