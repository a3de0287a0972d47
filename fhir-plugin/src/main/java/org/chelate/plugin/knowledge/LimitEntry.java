package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;
import org.chelate.terminology.Mineral;

/**
 * One row of the pack's limit table. Age band is [fromMonths, toMonths); toMonths null means open-ended.
 * {@code notEstablished} marks a band where the source sets no value (magnesium UL for infants).
 */
public record LimitEntry(String id, LimitKind kind, Mineral mineral, IntakeBasis basis, Integer fromMonths,
                         Integer toMonths, SexCriterion sex, Population population, BigDecimal mg,
                         boolean notEstablished, String note, List<String> sources) {

    public LimitEntry {
        sources = sources == null ? List.of() : List.copyOf(sources);
        sex = sex == null ? SexCriterion.ANY : sex;
    }

    boolean coversAge(int ageInMonths) {
        return fromMonths != null && ageInMonths >= fromMonths && (toMonths == null || ageInMonths < toMonths);
    }

    String band() {
        return fromMonths + "-" + (toMonths == null ? "open" : toMonths.toString()) + " months";
    }
}
