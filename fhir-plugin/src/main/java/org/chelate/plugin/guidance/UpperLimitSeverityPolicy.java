package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.knowledge.UpperLimitSeverity;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.patient.ClinicalCondition;
import org.chelate.plugin.regimen.AmountBasis;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/**
 * The pack's upper-limit severity policy (docs/cds-hooks.md, "Upper-limit severity policy"): above the UL → warning,
 * at or above the pack's multiple of it → critical; for adults, three contexts facts.md names make it {@code info}:
 * zinc with a coded Wilson disease problem (above the UL by design), magnesium above the UL only through as-needed
 * (laxative, antacid) use with normal kidney function, and a short zinc cold-lozenge course. Children and regular
 * daily supplements keep their warnings. Lowered-dose suggestions for magnesium are dropped where kidney function is
 * low or unknown.
 */
final class UpperLimitSeverityPolicy {

    /** Whether the total certainly taken ({@link #certainDailyMg}) is at the critical step of the ladder. */
    boolean atCriticalLevel(List<Regimen> current, Limit limit, KnowledgePack pack) {
        return certainDailyMg(current).compareTo(limit.mg().multiply(criticalMultiple(pack))) >= 0;
    }

    /** The multiple of the UL at and above which a total is critical. */
    BigDecimal criticalMultiple(KnowledgePack pack) {
        return ladder(pack).criticalAtOrAboveMultiple();
    }

    /**
     * The daily total that is certain: a label whose number may be the salt's weight or the mineral itself counts at
     * its lower reading. Its higher reading is enough for a warning ("may exceed"), not for a critical card.
     */
    static BigDecimal certainDailyMg(List<Regimen> current) {
        return current.stream()
                .map(r -> r.amountBasis() == AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL
                        ? r.dailyElementalMgLow() : r.dailyElementalMgHigh())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The UL rule's finding, with its severity, wording and suggestions set by the policy. */
    Finding apply(Finding finding, Mineral mineral, List<Regimen> current, Limit limit, PatientPicture patient,
                  KnowledgePack pack) {
        UpperLimitSeverity ladder = ladder(pack);
        BigDecimal high = current.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean adult = patient.profile().ageYears() >= ladder.contextAdultFromYears();
        Optional<Context> context = adult ? context(mineral, current, limit, patient, pack, ladder) : Optional.empty();
        if (context.isPresent()) {
            Context c = context.get();
            String detail = "**" + c.heading() + "**\n\n" + c.text() + "\n\n" + finding.detail();
            List<Source> sources = new ArrayList<>(finding.sources());
            c.extraSource().flatMap(pack::source).filter(s -> !sources.contains(s)).ifPresent(sources::add);
            return new Finding(finding.type(), finding.key(), Severity.INFO, Fmt.fit(c.summary(), Finding.MAX_SUMMARY),
                    detail, sources, List.of());
        }
        Severity severity = atCriticalLevel(current, limit, pack) ? Severity.CRITICAL : Severity.WARNING;
        List<Suggestion> suggestions = finding.suggestions();
        if (mineral == Mineral.MAGNESIUM && !kidneySafeForLowerDose(patient, pack)) {
            suggestions = suggestions.stream().filter(s -> s.actions().stream()
                    .noneMatch(a -> a.type() == FhirAction.Type.UPDATE)).toList();
        }
        String detail = finding.detail();
        if (mineral == Mineral.ZINC && adult && ladder.coldLozengeCourse() && current.stream().anyMatch(this::lozenge)) {
            detail = "_If this is a short common-cold lozenge course, a short course above the UL is intended "
                    + "(ODS-Zn); record its end date._\n\n" + detail;
        }
        return new Finding(finding.type(), finding.key(), severity, finding.summary(), detail, finding.sources(),
                suggestions);
    }

    private record Context(String heading, String summary, String text, Optional<String> extraSource) {
        Context(String heading, String summary, String text) {
            this(heading, summary, text, Optional.empty());
        }
    }

    private Optional<Context> context(Mineral mineral, List<Regimen> current, Limit limit, PatientPicture patient,
                                      KnowledgePack pack, UpperLimitSeverity ladder) {
        BigDecimal high = current.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (mineral == Mineral.ZINC && ladder.wilsonDiseaseZinc() && patient.has(ClinicalCondition.WILSON_DISEASE)) {
            return Optional.of(new Context("Wilson disease: above the UL by design, specialist-managed",
                    "Zinc " + Fmt.mg(high) + " mg/day with Wilson disease: above the UL by design, specialist-managed; "
                            + "keep penicillamine/trientine apart",
                    "Zinc (e.g. zinc acetate 50 mg three times daily) is standard therapy for Wilson disease; the dose "
                            + "is set and monitored by the specialist. Separate zinc and penicillamine by at least 2 h "
                            + "(ODS-Zn). Chelate's sources give no interval for trientine: follow the trientine label."));
        }
        if (mineral == Mineral.ZINC && ladder.coldLozengeCourse()) {
            List<Regimen> lozenges = current.stream().filter(this::lozenge).toList();
            BigDecimal other = current.stream().filter(r -> !lozenge(r)).map(Regimen::dailyElementalMgHigh)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean shortCourse = !lozenges.isEmpty() && lozenges.stream().allMatch(r -> r.start().isPresent()
                    && r.end().isPresent()
                    && ChronoUnit.DAYS.between(r.start().get(), r.end().get()) <= ladder.coldLozengeMaxDays());
            if (shortCourse && other.compareTo(limit.mg()) <= 0) {
                LocalDate end = lozenges.stream().map(r -> r.end().get()).max(LocalDate::compareTo).orElseThrow();
                return Optional.of(new Context("Short common-cold lozenge course",
                        "Zinc up to " + Fmt.mg(high) + " mg/day from a short cold-lozenge course (until " + end
                                + "): above the UL by intent; stop at the end of the course",
                        "Zinc acetate or gluconate lozenges started within 24 h of cold symptoms are taken for a short "
                                + "course; a short course above the UL is intended (ODS-Zn). Recorded course: "
                                + lozenges.stream().map(r -> r.start().get() + " to " + r.end().get()).toList()
                                + ". Chronic intake above the UL lowers copper status (ODS-Zn)."));
            }
        }
        if (mineral == Mineral.MAGNESIUM && ladder.asNeededMagnesium()) {
            BigDecimal regular = current.stream().filter(r -> r.dosesPerDayLow().signum() > 0)
                    .map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean asNeeded = current.stream().anyMatch(r -> r.dosesPerDayLow().signum() == 0);
            KidneyFunction kidney = KidneyFunction.of(patient);
            if (asNeeded && regular.compareTo(limit.mg()) <= 0 && kidney.read() && !kidney.severeCkdCoded()
                    && !kidney.egfrBelow(ladder.normalEgfrAtLeast())) {
                Optional<LabResult> egfr = kidney.egfr();
                String kidneyText = egfr.map(e -> "eGFR " + Fmt.num(e.value(), 0) + " on " + e.date())
                        .orElse("no eGFR on record (kidney function not checked)");
                return Optional.of(new Context("As-needed magnesium (laxative or antacid use)",
                        "Magnesium up to " + Fmt.mg(high) + " mg/day only as needed (laxative/antacid): above the UL "
                                + "by intent; " + egfr.map(e -> "eGFR " + Fmt.num(e.value(), 0) + ", avoid daily use")
                                .orElse("no eGFR on record, avoid daily use"),
                        "Regular magnesium: " + Fmt.mg(regular) + " mg/day (within the UL); the rest is taken as "
                                + "needed. The UL's critical effect is diarrhoea, which a laxative intends (ODS-Mg). "
                                + "Kidney function: " + kidneyText + ". Magnesium laxatives and antacids say: Ask a "
                                + "doctor before use if you have kidney disease (OTC label).",
                        Optional.of("OTC-Label:magnesium-laxatives-antacids")));
            }
        }
        return Optional.empty();
    }

    /** Lowered magnesium doses are offered only when kidney function was read and is not below the no-template cut-off. */
    static boolean kidneySafeForLowerDose(PatientPicture patient, KnowledgePack pack) {
        KidneyFunction kidney = KidneyFunction.of(patient);
        BigDecimal cutoff = pack.thresholds().kidney().noTemplateBelow();
        return kidney.read() && !kidney.severeCkdCoded() && (cutoff == null || !kidney.egfrBelow(cutoff))
                && !patient.has(ClinicalCondition.HYPERMAGNESAEMIA);
    }

    private boolean lozenge(Regimen r) {
        return r.description().toLowerCase(Locale.ROOT).contains("lozenge");
    }

    private static UpperLimitSeverity ladder(KnowledgePack pack) {
        return pack.policy().upperLimitSeverity();
    }
}
