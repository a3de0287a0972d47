package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.IntakeBasis;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.regimen.AmountBasis;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/**
 * Daily elemental supplement total against the age-specific UL, with the severity of the pack's policy
 * ({@link UpperLimitSeverityPolicy}): above the UL (on the safety, high reading) → warning, a certain total at or above
 * the policy's multiple → critical. Magnesium's UL covers supplemental intake (what the record holds); zinc's covers total intake, so the
 * supplement total is a lower bound and the card says so. On order hooks, a draft order that takes the total over
 * the UL gets a suggestion to lower its dose to fit.
 */
final class UpperLimitRule implements GuidanceRule {

    private final DraftDoseAdjuster adjuster;
    private final UpperLimitSeverityPolicy policy = new UpperLimitSeverityPolicy();

    UpperLimitRule(DraftDoseAdjuster adjuster) {
        this.adjuster = adjuster;
    }

    @Override
    public Set<Input> needs() {
        return Set.of(Input.PATIENT, Input.MEDICATIONS);
    }

    @Override
    public Set<Input> uses() {
        return Set.of(Input.PATIENT, Input.MEDICATIONS, Input.OBSERVATIONS, Input.CONDITIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<Finding> findings = new ArrayList<>();
        for (Mineral mineral : List.of(Mineral.MAGNESIUM, Mineral.ZINC)) {
            if (!patient.concerns(mineral)) {
                continue; // order-select: no selected order supplies this mineral
            }
            List<Regimen> current = patient.currentRegimens().stream().filter(r -> r.mineral() == mineral).toList();
            if (current.isEmpty()) {
                continue;
            }
            BigDecimal low = current.stream().map(Regimen::dailyElementalMgLow).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal high = current.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
            Optional<Limit> ul = pack.upperLimit(mineral, patient.profile());
            if (ul.isEmpty()) {
                pack.upperLimitNotEstablishedReason(mineral, patient.profile())
                        .ifPresent(reason -> findings.add(notEstablished(mineral, patient, low, high, reason, pack)));
                continue;
            }
            Limit limit = ul.get();
            if (high.compareTo(limit.mg()) <= 0) {
                continue;
            }
            boolean critical = policy.atCriticalLevel(current, limit, pack);
            findings.add(policy.apply(finding(mineral, patient, current, low, high, limit, critical,
                    policy.criticalMultiple(pack)), mineral, current, limit, patient, pack));
        }
        return findings;
    }

    private Finding finding(Mineral mineral, PatientPicture patient, List<Regimen> current, BigDecimal low,
                            BigDecimal high, Limit limit, boolean critical, BigDecimal criticalMultiple) {
        String name = Fmt.name(mineral);
        String basis = limit.basis() == IntakeBasis.SUPPLEMENTAL ? "supplemental" : "total";
        boolean onlyIfElemental = low.compareTo(limit.mg()) <= 0
                && current.stream().anyMatch(r -> r.amountBasis() == AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL);
        String summary = Fmt.fit(onlyIfElemental
                ? Fmt.capital(name) + " " + Fmt.range(low, high) + " mg/day may exceed the " + basis + " UL of "
                        + Fmt.mg(limit.mg()) + " mg/day; check the label's '" + Fmt.capital(name) + " (as \u2026)' line"
                : Fmt.capital(name) + " " + Fmt.range(low, high) + " mg/day from supplements exceeds the "
                        + basis + " UL of " + Fmt.mg(limit.mg()) + " mg/day"
                        + (critical ? " (\u2265 " + Fmt.num(criticalMultiple, 1) + "\u00d7 UL)" : ""),
                Finding.MAX_SUMMARY);
        StringBuilder d = new StringBuilder();
        d.append("**Elemental ").append(name).append(" from supplements and medicines:** ")
                .append(Fmt.range(low, high)).append(" mg/day\n\n");
        for (Regimen r : current) {
            d.append("- ").append(r.description().isBlank() ? r.sourceReference() : r.description()).append(": ")
                    .append(Fmt.range(r.dailyElementalMgLow(), r.dailyElementalMgHigh())).append(" mg/day elemental")
                    .append(ambiguityNote(r)).append(orderNote(patient, r)).append('\n');
        }
        if (onlyIfElemental) {
            d.append("\nThe label's number may be the salt's weight (low reading) or ").append(name)
                    .append(" itself (high reading, as a Supplement Facts panel states it: 21 CFR 101.36). The high ")
                    .append("reading exceeds the UL; the label's '").append(Fmt.capital(name))
                    .append(" (as \u2026)' line settles it.\n");
        }
        d.append("\n**UL (").append(basis).append(" intake), age ").append(patient.profile().ageYears())
                .append(" y:** ").append(Fmt.mg(limit.mg())).append(" mg/day");
        if (critical) {
            d.append("; the total is at least ").append(Fmt.num(criticalMultiple, 1)).append(" times the UL (")
                    .append(Fmt.mg(limit.mg().multiply(criticalMultiple)))
                    .append(" mg/day)");
        }
        d.append("\n\n");
        if (limit.basis() == IntakeBasis.TOTAL) {
            d.append("The ").append(name).append(" UL counts food and supplements together; dietary ").append(name)
                    .append(" adds to the amount above.\n\n");
        } else {
            d.append("The magnesium UL applies to supplements and medicines only, not to magnesium in food.\n\n");
        }
        if (mineral == Mineral.MAGNESIUM) {
            d.append("Effects above the UL: diarrhoea, nausea, abdominal cramping; toxicity risk rises with impaired "
                    + "kidney function (ODS-Mg).\n\n");
        } else {
            d.append("Chronic high zinc intake can cause copper deficiency (ODS-Zn).\n\n");
        }
        limit.notes().forEach(n -> d.append("_").append(n).append("_\n\n"));
        if (patient.profile().pregnancy() == PregnancyStatus.UNKNOWN && limit.notes().stream()
                .noneMatch(n -> n.contains("pregnancy status unknown"))) {
            d.append("_Pregnancy status unknown: non-pregnant limits are used._\n\n");
        }
        d.append(Fmt.sources(limit.sources()));
        List<Suggestion> suggestions = adjuster.suggestionsToFit(patient, mineral, current, limit);
        return new Finding(CardType.UPPER_LIMIT, CardType.UPPER_LIMIT.code() + ":" + mineral,
                critical ? Severity.CRITICAL : Severity.WARNING, summary, d.toString(), limit.sources(), suggestions);
    }

    private static String ambiguityNote(Regimen r) {
        if (r.amountBasis() != AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL) {
            return "";
        }
        return " (" + Fmt.mg(r.dailyElementalMgLow()) + " if the label's number is the salt's weight, "
                + Fmt.mg(r.dailyElementalMgHigh()) + " if it is " + Fmt.name(r.mineral()) + " itself)";
    }

    private static String orderNote(PatientPicture patient, Regimen r) {
        if (!patient.draftRegimens().contains(r)) {
            return "";
        }
        if (!patient.selectionOnly()) {
            return " (being ordered)";
        }
        return patient.focus().inFocus(r.sourceReference()) ? " (selected order)" : " (other draft order)";
    }

    private static Finding notEstablished(Mineral mineral, PatientPicture patient, BigDecimal low, BigDecimal high,
                                          String reason, KnowledgePack pack) {
        String name = Fmt.name(mineral);
        var sources = pack.sources(List.of(mineral == Mineral.MAGNESIUM ? "ODS-Mg" : "ODS-Zn"));
        String summary = Fmt.fit(Fmt.capital(name) + " supplement " + Fmt.range(low, high) + " mg/day for an infant: "
                + "no UL established", Finding.MAX_SUMMARY);
        String detail = "**Elemental " + name + " from supplements:** " + Fmt.range(low, high) + " mg/day\n\n"
                + "Age: " + patient.profile().ageInMonths() + " months. " + reason + ".\n\n" + Fmt.sources(sources);
        return new Finding(CardType.UPPER_LIMIT, CardType.UPPER_LIMIT.code() + ":" + mineral, Severity.WARNING, summary,
                detail, sources, List.of());
    }
}
