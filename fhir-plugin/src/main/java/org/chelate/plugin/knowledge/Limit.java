package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;
import org.chelate.terminology.Mineral;

/**
 * A dietary reference value that applies to one patient.
 *
 * @param entryId the pack entry it came from
 * @param mg      elemental milligrams per day
 * @param basis   what intake it is compared with (SUPPLEMENTAL for the magnesium UL, TOTAL for zinc)
 * @param sources cited sources, most specific first
 * @param notes   assumptions made for this patient (e.g. pregnancy status unknown) and the entry's own note
 */
public record Limit(String entryId, Mineral mineral, LimitKind kind, BigDecimal mg, IntakeBasis basis,
                    List<Source> sources, List<String> notes) {

    public Limit {
        sources = List.copyOf(sources);
        notes = List.copyOf(notes);
    }

    /** The first (most specific) source. */
    public Source source() {
        return sources.get(0);
    }
}
