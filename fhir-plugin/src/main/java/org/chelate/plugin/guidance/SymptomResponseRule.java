package org.chelate.plugin.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.MidOutcome;
import org.chelate.plugin.observation.RegimenResponse;

/**
 * Symptom scores before and since a regimen started, stated as the patient's own data: never a promise or a claim
 * that the supplement caused the change.
 */
final class SymptomResponseRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        if (patient.selectionOnly()) {
            return List.of(); // the response to regimens already taken is not about the selected order
        }
        List<Finding> findings = new ArrayList<>();
        for (RegimenResponse r : patient.responses()) {
            if (r.baseline().isEmpty() || r.latest().isEmpty() || r.change().isEmpty()) {
                continue;
            }
            String instrument = r.instrument().display();
            String summary = Fmt.fit(instrument + ": " + Fmt.num(r.baseline().get().value(), 1) + " \u2192 "
                    + Fmt.num(r.latest().get().value(), 1) + " since the regimen started " + r.regimenStart(),
                    Finding.MAX_SUMMARY);
            StringBuilder d = new StringBuilder();
            d.append("**").append(instrument).append("** (").append(r.instrument().direction() == null ? ""
                    : r.instrument().direction().name().toLowerCase().replace('_', ' ')).append(")\n\n");
            d.append("- Baseline (last before ").append(r.regimenStart()).append("): ")
                    .append(Fmt.num(r.baseline().get().value(), 1)).append(" on ").append(r.baseline().get().date())
                    .append('\n');
            d.append("- Latest: ").append(Fmt.num(r.latest().get().value(), 1)).append(" on ")
                    .append(r.latest().get().date()).append('\n');
            d.append("- Change: ").append(r.change().get().signum() > 0 ? "+" : "").append(Fmt.num(r.change().get(), 1))
                    .append(" points\n");
            r.minimalImportantDifference().ifPresent(mid -> d.append("- Configured minimal important difference: ")
                    .append(Fmt.num(mid, 1)).append(" points (").append(outcome(r.outcome())).append(")\n"));
            d.append("\nRegimen: ").append(r.regimenReference()).append(". These are the patient's own recorded "
                    + "scores; they do not show that the supplement caused the change, and no outcome is expected "
                    + "or promised.");
            findings.add(new Finding(CardType.SYMPTOM_RESPONSE, CardType.SYMPTOM_RESPONSE.code() + ":"
                    + r.instrument().system() + "|" + r.instrument().code() + ":" + r.regimenReference(), Severity.INFO,
                    summary, d.toString(), List.of(), List.of()));
        }
        return findings;
    }

    private static String outcome(MidOutcome outcome) {
        return switch (outcome) {
            case IMPROVED_BY_AT_LEAST_MID -> "changed in the better direction by at least that";
            case WORSENED_BY_AT_LEAST_MID -> "changed in the worse direction by at least that";
            case WITHIN_MID -> "changed by less than that";
            default -> "not compared";
        };
    }
}
