package org.chelate.plugin.knowledge;

import java.util.List;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/**
 * A separation rule between a drug class and magnesium- or zinc-containing products.
 *
 * @param drugClass            the drug class (terminology module)
 * @param drugBeforeSupplement how long before the supplement the drug should be taken
 * @param drugAfterSupplement  how long after the supplement the drug may be taken
 * @param disabledReason       why a disabled rule is off (e.g. the facts row says verify)
 */
public record InteractionRule(String id, DrugClass drugClass, List<Mineral> minerals, boolean enabled,
                              String disabledReason, HourRange drugBeforeSupplement, HourRange drugAfterSupplement,
                              String text, String note, List<String> sources) {

    public InteractionRule {
        minerals = minerals == null ? List.of() : List.copyOf(minerals);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
