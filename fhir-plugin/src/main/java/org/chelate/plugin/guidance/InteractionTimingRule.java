package org.chelate.plugin.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.plugin.knowledge.InteractionRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.plugin.regimen.Regimen;

/**
 * A drug of an interacting class, active or being ordered, with a magnesium or zinc supplement → timing card with
 * the pack's separation, flagged when the recorded times of day already collide. Disabled rules (verify rows) are
 * not shown.
 */
final class InteractionTimingRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<Finding> findings = new ArrayList<>();
        List<Regimen> supplements = patient.currentRegimens();
        for (InteractingMedication drug : patient.interactingMedications()) {
            InteractionRule rule = pack.interaction(drug.drugClass()).orElse(null);
            if (rule == null || !rule.enabled()) {
                continue;
            }
            List<Regimen> affected = supplements.stream().filter(r -> rule.minerals().contains(r.mineral())).toList();
            if (affected.isEmpty() || !aboutSelection(patient, drug, affected)) {
                continue;
            }
            List<DoseTimes.Collision> collisions = new ArrayList<>();
            List<Regimen> colliding = new ArrayList<>();
            for (Regimen r : affected) {
                List<DoseTimes.Collision> c = DoseTimes.collisions(drug.times(), r.timesOfDay(),
                        rule.drugBeforeSupplement(), rule.drugAfterSupplement());
                if (!c.isEmpty()) {
                    colliding.add(r);
                    c.forEach(x -> collisions.add(new DoseTimes.Collision(x.drug(), x.supplement(),
                            (r.description().isBlank() ? Fmt.name(r.mineral()) : r.description()) + ": "
                                    + x.description())));
                }
            }
            String minerals = affected.stream().map(r -> Fmt.name(r.mineral())).distinct()
                    .collect(Collectors.joining(" and "));
            String separation = separation(rule);
            String drugName = Fmt.capital(drug.name());
            String summary = collisions.isEmpty()
                    ? drugName + " with " + minerals + ": " + separation
                    : "Timing clash: " + drugName + " and " + Fmt.name(colliding.get(0).mineral()) + " "
                            + shortClash(collisions.get(0).description()) + "; " + separation;
            StringBuilder d = new StringBuilder();
            if (!collisions.isEmpty()) {
                d.append("**\u26a0 Recorded times collide:**\n\n");
                collisions.forEach(c -> d.append("- ").append(c.description()).append('\n'));
                d.append('\n');
            }
            d.append("**").append(drugName).append("** (").append(drug.drugClass().name().toLowerCase().replace('_', ' '))
                    .append(drug.beingOrdered() ? ", being ordered" : "").append(", ").append(drug.sourceReference())
                    .append(")").append(times(drug.times())).append("\n\n");
            for (Regimen r : affected) {
                d.append("- ").append(r.description().isBlank() ? Fmt.capital(Fmt.name(r.mineral())) : r.description())
                        .append(": ").append(Fmt.range(r.dailyElementalMgLow(), r.dailyElementalMgHigh()))
                        .append(" mg/day ").append(Fmt.name(r.mineral())).append(times(r.timesOfDay())).append('\n');
            }
            d.append("\n**Separation:** ").append(rule.text()).append('\n');
            if (rule.note() != null) {
                d.append("\n_").append(rule.note()).append("_\n");
            }
            // cite the fact sheet of each mineral concerned, not of a mineral the patient does not take
            var sources = pack.sources(rule.sources().stream().filter(id -> !(id.equals("ODS-Mg")
                    && affected.stream().noneMatch(r -> r.mineral() == org.chelate.terminology.Mineral.MAGNESIUM))
                    && !(id.equals("ODS-Zn") && affected.stream().noneMatch(r -> r.mineral()
                    == org.chelate.terminology.Mineral.ZINC))).toList());
            d.append('\n').append(Fmt.sources(sources));
            findings.add(new Finding(CardType.INTERACTION_TIMING, CardType.INTERACTION_TIMING.code() + ":"
                    + drug.drugClass() + ":" + drug.sourceReference(), Severity.WARNING,
                    Fmt.fit(summary, Finding.MAX_SUMMARY), d.toString(), sources, List.of()));
        }
        return findings;
    }

    /** "magnesium: both recorded at bedtime (HS)" → "both at bedtime (HS)" for the summary line. */
    private static String shortClash(String description) {
        String clash = description.substring(description.indexOf(": ") + 2);
        return clash.startsWith("both recorded") ? "both" + clash.substring("both recorded".length()) : clash;
    }

    /** On order-select: the drug is a selected order, or a selected order supplies an affected mineral. */
    private static boolean aboutSelection(PatientPicture patient, InteractingMedication drug, List<Regimen> affected) {
        if (!patient.selectionOnly()) {
            return true;
        }
        if (drug.beingOrdered() && patient.focus().inFocus(drug.sourceReference())) {
            return true;
        }
        List<Regimen> selected = patient.draftRegimensInFocus();
        return affected.stream().anyMatch(selected::contains);
    }

    private static String separation(InteractionRule rule) {
        if (rule.drugBeforeSupplement() != null && rule.drugAfterSupplement() != null
                && rule.drugBeforeSupplement().equals(rule.drugAfterSupplement())) {
            return "separate by " + rule.drugBeforeSupplement().display();
        }
        List<String> parts = new ArrayList<>();
        if (rule.drugBeforeSupplement() != null) {
            parts.add("take it " + rule.drugBeforeSupplement().display() + " before");
        }
        if (rule.drugAfterSupplement() != null) {
            parts.add(rule.drugAfterSupplement().display().replace("at least ", "\u2265 ") + " after");
        }
        return String.join(" or ", parts);
    }

    private static String times(List<DoseTime> times) {
        return times.isEmpty() ? ", no time of day recorded"
                : ", at " + times.stream().map(DoseTime::label).collect(Collectors.joining(", "));
    }
}
