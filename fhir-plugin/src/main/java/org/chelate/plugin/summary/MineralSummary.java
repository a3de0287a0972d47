package org.chelate.plugin.summary;

import java.util.List;
import java.util.Optional;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.regimen.DailyTotal;
import org.chelate.terminology.Mineral;

/**
 * One mineral on the summary date: the daily elemental total over active regimens and the patient's reference values.
 *
 * @param total                 daily total (0–0 with no contributing regimens when none is active)
 * @param rda                   RDA (or AI for infants) from the knowledge pack, when it has one for this patient
 * @param upperLimit            UL from the knowledge pack, when one is established
 * @param notes                 e.g. why no UL applies, or that the zinc UL counts food as well
 */
public record MineralSummary(Mineral mineral, DailyTotal total, Optional<Limit> rda, Optional<Limit> upperLimit,
                             List<String> notes) {
    public MineralSummary {
        notes = List.copyOf(notes);
    }
}
