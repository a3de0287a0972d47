package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.KidneyRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.patient.ClinicalCondition;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/**
 * Magnesium (supplement, laxative, antacid or order) with reduced kidney function, by KDIGO GFR category (facts.md
 * "Kidney" row): G5 → critical; G4 → warning; any serum magnesium above the range with eGFR below G3a → critical;
 * G3b with regular magnesium → info "monitor serum magnesium" (naming a potassium-sparing diuretic). On order hooks
 * below G3b the suggestion is not to start the magnesium order, never a lowered dose.
 */
final class KidneyMagnesiumRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        KidneyRule rule = pack.thresholds().kidney();
        if (!rule.enabled() || !patient.concerns(Mineral.MAGNESIUM)) {
            return List.of();
        }
        List<Regimen> magnesium = patient.currentRegimens().stream().filter(r -> r.mineral() == Mineral.MAGNESIUM)
                .filter(r -> r.dailyElementalMgHigh().signum() > 0).toList();
        KidneyFunction kidney = KidneyFunction.of(patient);
        if (magnesium.isEmpty()) {
            return List.of();
        }
        if (kidney.egfr().isEmpty()) {
            return kidney.severeCkdCoded() ? List.of(codedCkdOnly(patient, pack, rule, magnesium)) : List.of();
        }
        LabResult egfr = kidney.egfr().get();
        boolean regular = magnesium.stream().anyMatch(r -> r.dosesPerDayLow().signum() > 0);
        boolean serumHigh = SerumMagnesium.latest(patient, pack).map(SerumMagnesium::high).orElse(false)
                || patient.has(ClinicalCondition.HYPERMAGNESAEMIA);
        Severity severity;
        if (kidney.egfrBelow(rule.criticalBelow())
                || serumHigh && kidney.egfrBelow(rule.monitorBelow())) {
            severity = Severity.CRITICAL;
        } else if (kidney.egfrBelow(rule.warningBelow())) {
            severity = Severity.WARNING;
        } else if (kidney.egfrBelow(rule.monitorBelow()) && regular) {
            severity = Severity.INFO;
        } else {
            return List.of();
        }
        BigDecimal total = magnesium.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        String category = KidneyFunction.kdigoCategory(egfr.value());
        String egfrText = "eGFR " + Fmt.num(egfr.value(), 0) + " (KDIGO " + category + ")";
        List<Regimen> drafts = patient.draftRegimensInFocus().stream()
                .filter(r -> r.mineral() == Mineral.MAGNESIUM).toList();
        boolean avoid = kidney.egfrBelow(rule.noTemplateBelow());
        Optional<InteractingMedication> sparing = patient.interactingMedications().stream()
                .filter(m -> m.drugClass() == DrugClass.POTASSIUM_SPARING_DIURETIC).findFirst();
        String summary;
        if (severity == Severity.INFO) {
            summary = "Magnesium " + Fmt.mg(total) + " mg/day with " + egfrText
                    + sparing.map(m -> " and " + m.name()).orElse("") + ": monitor serum magnesium";
        } else if (!drafts.isEmpty() && avoid) {
            summary = "Do not start magnesium: " + egfrText + (serumHigh ? ", serum magnesium high" : "")
                    + "; choose a non-magnesium alternative";
        } else {
            summary = "Magnesium up to " + Fmt.mg(total) + " mg/day with " + egfrText
                    + (serumHigh ? " and high serum magnesium" : "") + ": stop or avoid magnesium (hypermagnesaemia risk)";
        }
        var sources = pack.sources(rule.sources());
        StringBuilder d = new StringBuilder("**eGFR:** ").append(Fmt.num(egfr.value(), 1)).append(' ')
                .append(egfr.unit()).append(" on ").append(egfr.date()).append(" (").append(egfr.sourceReference())
                .append("): KDIGO ").append(category).append(" (G3b 30\u201344, G4 15\u201329, G5 < 15)\n\n")
                .append("**Magnesium:**\n");
        for (Regimen r : magnesium) {
            d.append("- ").append(r.description().isBlank() ? r.sourceReference() : r.description()).append(": up to ")
                    .append(Fmt.mg(r.dailyElementalMgHigh())).append(" mg/day elemental")
                    .append(r.dosesPerDayLow().signum() > 0 ? "" : " (as needed)")
                    .append(patient.draftRegimens().contains(r) ? " (being ordered)" : "").append('\n');
        }
        d.append('\n');
        if (serumHigh) {
            SerumMagnesium.latest(patient, pack).ifPresent(mg -> d.append("**Serum magnesium:** ")
                    .append(mg.valueText()).append(", above ").append(mg.rangeText()).append(".\n\n"));
        }
        sparing.ifPresent(m -> d.append(m.name()).append(" is a potassium-sparing diuretic: it lowers magnesium "
                + "excretion; with a magnesium supplement and reduced kidney function, monitor serum magnesium "
                + "(ODS-Mg).\n\n"));
        d.append(rule.note()).append("\n\n");
        if (avoid) {
            d.append("At this kidney function Chelate offers no magnesium template and no lowered magnesium dose.\n\n");
        }
        d.append(Fmt.sources(sources));
        List<Suggestion> suggestions = new ArrayList<>();
        if (patient.orderContext() && avoid) {
            for (Regimen draft : drafts) {
                String ref = draft.sourceReference();
                if (patient.draftOrders().containsKey(ref)) {
                    suggestions.add(new Suggestion(Fmt.fit("Do not start: remove the draft magnesium order ("
                            + egfrText + "); use a non-magnesium alternative", 140), suggestions.isEmpty(),
                            List.of(FhirAction.delete("Remove draft order " + ref, ref))));
                }
            }
        }
        return List.of(new Finding(CardType.KIDNEY_MAGNESIUM, CardType.KIDNEY_MAGNESIUM.code(), severity,
                Fmt.fit(summary, Finding.MAX_SUMMARY), d.toString(), sources, suggestions));
    }

    /** A coded CKD stage 4–5 or kidney failure without an eGFR on record: at least the G4 warning. */
    private static Finding codedCkdOnly(PatientPicture patient, KnowledgePack pack, KidneyRule rule,
                                        List<Regimen> magnesium) {
        BigDecimal total = magnesium.stream().map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        var sources = pack.sources(rule.sources());
        String summary = "Magnesium up to " + Fmt.mg(total) + " mg/day with chronic kidney disease stage 4\u20135 on "
                + "the problem list: stop or avoid magnesium; no eGFR on record";
        String detail = "A chronic kidney disease stage 4\u20135 (or kidney failure) problem is on record; no eGFR "
                + "result was found, so the KDIGO category is read from the problem.\n\n" + rule.note() + "\n\n"
                + Fmt.sources(sources);
        return new Finding(CardType.KIDNEY_MAGNESIUM, CardType.KIDNEY_MAGNESIUM.code(), Severity.WARNING,
                Fmt.fit(summary, Finding.MAX_SUMMARY), detail, sources, List.of());
    }
}
