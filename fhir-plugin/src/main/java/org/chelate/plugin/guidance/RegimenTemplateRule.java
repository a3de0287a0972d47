package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.knowledge.RegimenTemplate;
import org.chelate.plugin.knowledge.TemplateDose;
import org.chelate.plugin.patient.ClinicalCondition;
import org.chelate.terminology.Mineral;

/**
 * Offers the pack's regimen templates, never unprompted: only with an active supplement problem-list entry or a
 * supplement order being drafted, and only when every dose of the template is within this patient's UL. Never to the
 * patients facts.md lists (hypermagnesaemia, zinc toxicity, copper deficiency, Wilson disease, eGFR &lt; 30 or a coded
 * CKD stage 4–5, serum magnesium above the lab's range): those need the Observations and Conditions read. A template
 * beside a warning or critical card is removed by {@link TemplateGate}.
 */
final class RegimenTemplateRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.PATIENT, Input.MEDICATIONS, Input.CONDITIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        // on order-select only a selected supplement order prompts it: the guidance is about the selection
        boolean prompted = (patient.supplementProblemActive() && !patient.selectionOnly())
                || !patient.draftRegimensInFocus().isEmpty();
        if (!prompted || neverOffered(patient, pack)) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (RegimenTemplate template : pack.templates()) {
            if (!withinUpperLimits(template, patient, pack)) {
                continue;
            }
            var sources = pack.sources(template.sources());
            StringBuilder d = new StringBuilder("**").append(template.title()).append("** (configurable template)\n\n");
            for (TemplateDose dose : template.doses()) {
                Limit ul = pack.upperLimit(dose.mineral(), patient.profile()).orElseThrow();
                d.append("- ").append(Fmt.capital(Fmt.name(dose.mineral()))).append(": ")
                        .append(Fmt.range(dose.lowMg(), dose.highMg())).append(" mg/day elemental (UL ")
                        .append(Fmt.mg(ul.mg())).append(" mg/day ").append(ul.basis().name().toLowerCase())
                        .append(")\n");
            }
            d.append("\n").append(template.evidence()).append("\n\n").append(Fmt.sources(sources));
            String summary = Fmt.fit("Template available: " + template.title() + " ("
                    + String.join(" + ", template.doses().stream().map(x -> Fmt.range(x.lowMg(), x.highMg()) + " mg "
                    + Fmt.name(x.mineral())).toList()) + " daily)", Finding.MAX_SUMMARY);
            findings.add(new Finding(CardType.REGIMEN_TEMPLATE, CardType.REGIMEN_TEMPLATE.code() + ":" + template.id(),
                    Severity.INFO, summary, d.toString(), sources, List.of()));
        }
        return findings;
    }

    private static final Set<ClinicalCondition> NO_TEMPLATE = Set.of(ClinicalCondition.HYPERMAGNESAEMIA,
            ClinicalCondition.ZINC_TOXICITY, ClinicalCondition.COPPER_DEFICIENCY, ClinicalCondition.WILSON_DISEASE,
            ClinicalCondition.SEVERE_CKD);

    private static boolean neverOffered(PatientPicture patient, KnowledgePack pack) {
        if (NO_TEMPLATE.stream().anyMatch(patient::has)) {
            return true;
        }
        BigDecimal egfrCutoff = pack.thresholds().kidney().noTemplateBelow();
        if (egfrCutoff != null && KidneyFunction.of(patient).egfrBelow(egfrCutoff)) {
            return true;
        }
        return SerumMagnesium.latest(patient, pack).map(SerumMagnesium::high).orElse(false);
    }

    private static boolean withinUpperLimits(RegimenTemplate template, PatientPicture patient, KnowledgePack pack) {
        for (TemplateDose dose : template.doses()) {
            Optional<Limit> ul = pack.upperLimit(dose.mineral(), patient.profile());
            if (ul.isEmpty() || dose.highMg().compareTo(ul.get().mg()) > 0) {
                return false;
            }
        }
        return template.doses().stream().allMatch(d -> d.mineral() == Mineral.MAGNESIUM || d.mineral() == Mineral.ZINC);
    }
}
