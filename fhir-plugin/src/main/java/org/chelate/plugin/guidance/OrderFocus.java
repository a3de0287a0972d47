package org.chelate.plugin.guidance;

import java.util.Objects;
import java.util.Set;

/**
 * Which draft orders a call's guidance is about. On CDS Hooks order-select, the clinician's {@code selections}: the
 * guidance is about them, and the other drafts only count in totals. Everywhere else, every draft (order-sign) or
 * none (patient-view) — {@link #ALL_DRAFTS}.
 *
 * @param selectionOnly true on order-select: only the selected drafts are in focus
 * @param selected      relative references of the selected orders (e.g. "MedicationRequest/draft-1")
 */
public record OrderFocus(boolean selectionOnly, Set<String> selected) {

    public static final OrderFocus ALL_DRAFTS = new OrderFocus(false, Set.of());

    public OrderFocus {
        selected = Set.copyOf(Objects.requireNonNull(selected, "selected"));
    }

    /** The order-select focus on these selections. */
    public static OrderFocus selections(Set<String> references) {
        return new OrderFocus(true, references);
    }

    /** Whether guidance may be about this draft order (by its relative reference). */
    public boolean inFocus(String draftReference) {
        return !selectionOnly || selected.contains(draftReference);
    }
}
