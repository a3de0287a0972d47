package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.plugin.knowledge.InteractionRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/**
 * An oral drug of the pack's timing table, active or being ordered, with a magnesium or zinc product → a card with
 * that drug's own separation (its label's, else its class's), one general rule over the pack's entries.
 *
 * <p>Severity: a recorded clash with the interval, lozenges taken too often to leave the gap, or a combination the
 * label does not recommend even staggered → {@code warning}; the interval as advice (no times recorded, or times
 * that keep it) → {@code info}. A drug given by another route (IV, eye drops) gets no card.
 */
final class InteractionTimingRule implements GuidanceRule {

    /** Lozenges taken this many times a day or more: every 3 h or more often over a 16-hour waking day. */
    static final BigDecimal FREQUENT_LOZENGE_DOSES = BigDecimal.valueOf(5);

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<Finding> findings = new ArrayList<>();
        List<Regimen> supplements = patient.currentRegimens();
        for (InteractingMedication drug : patient.interactingMedications()) {
            if (!drug.route().oral()) {
                continue;
            }
            InteractionRule rule = pack.interaction(drug.drugCode(), drug.drugClass()).orElse(null);
            if (rule == null || !rule.enabled()) {
                continue;
            }
            List<Regimen> affected = supplements.stream().filter(r -> rule.minerals().contains(r.mineral())).toList();
            if (affected.isEmpty() || !aboutSelection(patient, drug, affected)) {
                continue;
            }
            findings.add(finding(drug, rule, affected, pack));
        }
        return findings;
    }

    private static Finding finding(InteractingMedication drug, InteractionRule rule, List<Regimen> affected,
                                   KnowledgePack pack) {
        List<String> clashes = new ArrayList<>();
        String firstClash = null;
        List<Regimen> lozenges = new ArrayList<>();
        boolean allSeparated = true;
        Set<String> unrecorded = new LinkedHashSet<>();
        StringBuilder products = new StringBuilder();
        for (Regimen r : affected) {
            String product = product(r);
            products.append("- ").append(product).append(": ").append(Fmt.range(r.dailyElementalMgLow(),
                    r.dailyElementalMgHigh())).append(" mg/day ").append(Fmt.name(r.mineral()))
                    .append(times(r.timesOfDay())).append('\n');
            if (rule.notRecommended()) {
                allSeparated = false;
                continue;
            }
            if (frequentLozenge(r)) {
                lozenges.add(r);
                allSeparated = false;
                continue;
            }
            DoseTimes.Assessment a = DoseTimes.assess(drug.times(), r.timesOfDay(), rule.drugBeforeSupplement(),
                    rule.drugAfterSupplement());
            a.collisions().forEach(c -> clashes.add(product + ": " + c.description()));
            if (firstClash == null && !a.collisions().isEmpty()) {
                firstClash = Fmt.name(r.mineral()) + " " + a.collisions().get(0).brief();
            }
            allSeparated &= a.verdict() == DoseTimes.Verdict.SEPARATED;
            if (drug.times().isEmpty()) {
                unrecorded.add(Fmt.capital(drug.name()));
            }
            if (r.timesOfDay().isEmpty()) {
                unrecorded.add(product);
            }
        }
        String minerals = affected.stream().map(r -> Fmt.name(r.mineral())).distinct().sorted()
                .collect(Collectors.joining(" and "));
        String action = rule.action().replace("{mineral}", minerals);
        String drugName = drug.shortName();
        boolean warning = rule.notRecommended() || !clashes.isEmpty() || !lozenges.isEmpty();
        String summary;
        if (!clashes.isEmpty()) {
            summary = Fmt.firstFitting(Finding.MAX_SUMMARY,
                    "Timing clash, " + drugName + " and " + firstClash + ": " + action,
                    "Timing clash, " + drugName + " and " + firstClash.replaceAll(" \\([^)]*\\)$", "") + ": " + action,
                    "Timing clash, " + drugName + ": " + action,
                    drugName + ": " + action);
        } else if (!lozenges.isEmpty()) {
            summary = Fmt.firstFitting(Finding.MAX_SUMMARY,
                    drugName + ": " + action + ", impractical with " + Fmt.name(lozenges.get(0).mineral())
                            + " lozenges every few hours",
                    drugName + ": " + action + ", impractical with lozenges",
                    drugName + ": " + action);
        } else {
            summary = Fmt.firstFitting(Finding.MAX_SUMMARY,
                    drugName + ": " + action + (allSeparated ? " (recorded times keep it)" : ""),
                    drugName + ": " + action);
        }
        StringBuilder d = new StringBuilder();
        if (!clashes.isEmpty()) {
            d.append("**\u26a0 Recorded times collide:**\n\n");
            clashes.forEach(c -> d.append("- ").append(c).append('\n'));
            d.append('\n');
        }
        d.append("**").append(Fmt.capital(drug.name())).append("** (").append(describe(drug)).append(")")
                .append(times(drug.times())).append("\n\n").append(products);
        d.append("\n**").append(rule.notRecommended() ? "Label" : "Separation").append(":** ").append(rule.text())
                .append('\n');
        farEnds(rule, d);
        if (rule.note() != null) {
            d.append("\n_").append(rule.note()).append("_\n");
        }
        List<String> sourceIds = new ArrayList<>(citedFor(rule.sources(), affected));
        if (!lozenges.isEmpty()) {
            d.append("\n**Lozenges:** ").append(lozenges.stream().map(r -> product(r) + ", "
                    + Fmt.num(r.dosesPerDayHigh(), 1) + " a day").collect(Collectors.joining("; ")))
                    .append(". Taken every few hours, lozenges leave no time of day far enough from the drug: "
                            + "separation is impractical while they are taken.\n");
            sourceIds.add("ODS-Zn");
        }
        if (!warning && allSeparated) {
            d.append("\nThe recorded clock times keep this separation.\n");
        } else if (!warning && !unrecorded.isEmpty()) {
            d.append("\nNo time of day is recorded for ").append(String.join(", ", unrecorded))
                    .append(": the separation cannot be checked.\n");
        } else if (!warning) {
            d.append("\nThe recorded times are in different parts of the day; without clock times the hours "
                    + "between them are not known.\n");
        }
        List<Source> sources = pack.sources(List.copyOf(new LinkedHashSet<>(sourceIds)));
        d.append('\n').append(sourceLine(sources));
        return new Finding(CardType.INTERACTION_TIMING, CardType.INTERACTION_TIMING.code() + ":" + rule.id() + ":"
                + drug.sourceReference(), warning ? Severity.WARNING : Severity.INFO, summary, d.toString(), sources,
                List.of());
    }

    /** Zinc (or magnesium) lozenges taken every few hours: no gap in the day is long enough (facts.md, cold lozenges). */
    static boolean frequentLozenge(Regimen r) {
        return r.description().toLowerCase(Locale.ROOT).contains("lozenge")
                && r.dosesPerDayHigh().compareTo(FREQUENT_LOZENGE_DOSES) >= 0;
    }

    /** A range ("4–6 h") is checked at its far end; say so when the rule has one. */
    private static void farEnds(InteractionRule rule, StringBuilder d) {
        for (var h : java.util.Arrays.asList(rule.drugBeforeSupplement(), rule.drugAfterSupplement())) {
            if (h != null && h.maxHours() != null && h.maxHours().compareTo(h.minHours()) > 0) {
                d.append("\nRecorded times are checked against the far end of the range (")
                        .append(h.maxHours().stripTrailingZeros().toPlainString()).append(" h).\n");
                return;
            }
        }
    }

    /** The fact sheet of each mineral concerned, not of a mineral the patient does not take (when both are cited). */
    private static List<String> citedFor(List<String> ids, List<Regimen> affected) {
        if (!(ids.contains("ODS-Mg") && ids.contains("ODS-Zn"))) {
            return ids;
        }
        boolean mg = affected.stream().anyMatch(r -> r.mineral() == Mineral.MAGNESIUM);
        boolean zn = affected.stream().anyMatch(r -> r.mineral() == Mineral.ZINC);
        return ids.stream().filter(id -> !(id.equals("ODS-Mg") && !mg) && !(id.equals("ODS-Zn") && !zn)).toList();
    }

    private static String sourceLine(List<Source> sources) {
        return "Sources: " + sources.stream().map(s -> s.url() != null ? "[" + s.label() + "](" + s.url() + ")"
                : s.label() + (s.citation() == null ? "" : " \u2014 " + s.citation().replaceAll("\\.$", "")))
                .collect(Collectors.joining("; "));
    }

    private static String describe(InteractingMedication drug) {
        List<String> parts = new ArrayList<>();
        if (drug.drugCode() != null && !drug.name().toLowerCase(Locale.ROOT).startsWith(drug.drugCode())) {
            parts.add(drug.drugCode());
        }
        parts.add(switch (drug.route().kind()) {
            case ORAL -> "oral";
            case NOT_RECORDED -> "route not recorded, read as oral";
            case OTHER -> drug.route().description();
        });
        if (drug.beingOrdered()) {
            parts.add("being ordered");
        }
        parts.add(drug.sourceReference());
        return String.join(", ", parts);
    }

    private static String product(Regimen r) {
        return r.description().isBlank() ? Fmt.capital(Fmt.name(r.mineral())) : r.description();
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

    private static String times(List<DoseTime> times) {
        return times.isEmpty() ? ", no time of day recorded"
                : ", at " + times.stream().map(DoseTime::label).collect(Collectors.joining(", "));
    }
}
