package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/** Chelate's CDS services and the discovery document that lists them. */
public final class CdsServiceCatalog {

    public static final String PATIENT_VIEW = "patient-view";
    public static final String ORDER_SELECT = "order-select";
    public static final String ORDER_SIGN = "order-sign";

    private static final String USAGE = "Needs the prefetch keys below, or a fhirServer on this service's outbound "
            + "allowlist with a fhirAuthorization token allowing read of Patient, MedicationStatement, "
            + "MedicationRequest, Observation and Condition for the patient. Doses are compared as elemental mg/day "
            + "with the ULs and rules of Chelate's knowledge pack (NIH ODS fact sheets, DRIs, drug labels).";

    private final List<CdsServiceDescriptor> services = List.of(
            new CdsServiceDescriptor("chelate-patient-view", PATIENT_VIEW, "Chelate magnesium and zinc review",
                    "Daily elemental magnesium and zinc against age-specific upper limits, timing with interacting "
                            + "drugs, relevant labs and the patient's own symptom scores since a regimen started.",
                    USAGE),
            new CdsServiceDescriptor("chelate-order-select", ORDER_SELECT, "Chelate supplement order check",
                    "Checks a magnesium or zinc order (or an interacting drug) being selected against the "
                            + "patient's current supplements: upper limits and separation times.", USAGE),
            new CdsServiceDescriptor("chelate-order-sign", ORDER_SIGN, "Chelate supplement order sign-off",
                    "Before signing, checks draft magnesium or zinc orders against the upper limit and offers a dose "
                            + "that keeps the daily total within it.", USAGE));

    public List<CdsServiceDescriptor> services() {
        return services;
    }

    public Optional<CdsServiceDescriptor> byId(String id) {
        return services.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public ObjectNode discovery(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("services");
        for (CdsServiceDescriptor s : services) {
            ObjectNode node = list.addObject();
            node.put("hook", s.hook());
            node.put("title", s.title());
            node.put("description", s.description());
            node.put("id", s.id());
            ObjectNode prefetch = node.putObject("prefetch");
            for (PrefetchKey key : PrefetchKey.values()) {
                prefetch.put(key.key(), key.template());
            }
            node.put("usageRequirements", s.usageRequirements());
        }
        return root;
    }
}
