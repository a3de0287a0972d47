package org.chelate.plugin.knowledge;

import java.util.List;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/**
 * A separation rule between a drug and magnesium- or zinc-containing products: one row of the facts.md timing table.
 * An entry naming {@code drugs} is that drug's own (label) rule; an entry with no drugs is its class's rule, used for
 * drugs of the class that have no entry of their own.
 *
 * @param drugClass            the drug class (terminology module)
 * @param drugBeforeSupplement how long before the supplement the drug should be taken
 * @param drugAfterSupplement  how long after the supplement the drug may be taken
 * @param disabledReason       why a disabled rule is off (e.g. no facts row to cite)
 * @param drugs                interacting-drug codes (terminology) this entry is specific to; empty for a class rule
 * @param action               the action for the card's summary, "{mineral}" standing for the minerals concerned
 * @param notRecommended       the source advises against the combination even when the doses are separated
 * @param drugFirst            the drug is taken first of the day, fasting (bisphosphonates)
 * @param fastingMinutes       how long the drug must precede any food, drink or other medicine
 * @param factsRow             the first cell of the facts.md timing row this entry comes from
 */
public record InteractionRule(String id, DrugClass drugClass, List<Mineral> minerals, boolean enabled,
                              String disabledReason, HourRange drugBeforeSupplement, HourRange drugAfterSupplement,
                              String text, String note, List<String> sources, List<String> drugs, String action,
                              boolean notRecommended, boolean drugFirst, Integer fastingMinutes, String factsRow) {

    public InteractionRule {
        minerals = minerals == null ? List.of() : List.copyOf(minerals);
        sources = sources == null ? List.of() : List.copyOf(sources);
        drugs = drugs == null ? List.of() : List.copyOf(drugs);
    }

    /** Whether this is the class's rule (no drug of its own). */
    public boolean classRule() {
        return drugs.isEmpty();
    }
}
