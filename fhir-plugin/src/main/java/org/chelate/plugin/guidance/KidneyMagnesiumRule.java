package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.KidneyRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/**
 * Low eGFR with a magnesium supplement. Runs only when the pack enables it, which the pack allows only with a
 * threshold and a verified label source; the default pack ships it disabled (facts.md marks the cut-off verify).
 */
final class KidneyMagnesiumRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        KidneyRule rule = pack.thresholds().kidney();
        if (!rule.enabled() || rule.egfrBelow() == null || !patient.concerns(Mineral.MAGNESIUM)) {
            return List.of();
        }
        BigDecimal magnesium = patient.currentRegimens().stream().filter(r -> r.mineral() == Mineral.MAGNESIUM)
                .map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (magnesium.signum() <= 0) {
            return List.of();
        }
        Optional<LabResult> egfr = patient.observations().latest(LabAnalyte.EGFR);
        if (egfr.isEmpty() || egfr.get().value().compareTo(rule.egfrBelow()) >= 0) {
            return List.of();
        }
        LabResult lab = egfr.get();
        var sources = pack.sources(rule.sources());
        String summary = Fmt.fit("Magnesium " + Fmt.mg(magnesium) + " mg/day with eGFR " + Fmt.num(lab.value(), 0)
                + " (below " + Fmt.num(rule.egfrBelow(), 0) + "): risk of hypermagnesaemia", Finding.MAX_SUMMARY);
        String detail = "**eGFR:** " + Fmt.num(lab.value(), 1) + " " + lab.unit() + " on " + lab.date() + " ("
                + lab.sourceReference() + ")\n\n**Pack threshold:** below " + Fmt.num(rule.egfrBelow(), 1) + "\n\n"
                + "**Supplemental magnesium:** up to " + Fmt.mg(magnesium) + " mg/day\n\n" + rule.note() + "\n\n"
                + Fmt.sources(sources);
        return List.of(new Finding(CardType.KIDNEY_MAGNESIUM, CardType.KIDNEY_MAGNESIUM.code(), Severity.WARNING,
                summary, detail, sources, List.of()));
    }
}
