package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.regimen.AmountBasis;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.salt.Salt;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Builds the order-sign suggestion "lower the draft order's dose so the daily total stays within the UL": an update
 * of the draft MedicationRequest with a smaller dose in the draft's own terms (elemental mg, salt mg, or a smaller
 * count of units), or, when even the smallest dose would not fit, removal of the draft.
 */
final class DraftDoseAdjuster {

    private static final BigDecimal CENTI_MG = new BigDecimal("0.01");

    List<Suggestion> suggestionsToFit(PatientPicture patient, Mineral mineral, List<Regimen> current, Limit ul) {
        if (!patient.orderContext()) {
            return List.of();
        }
        List<Suggestion> suggestions = new ArrayList<>();
        for (Regimen draft : patient.draftRegimensInFocus()) {
            if (draft.mineral() != mineral) {
                continue;
            }
            MedicationRequest order = patient.draftOrders().get(draft.sourceReference());
            if (order == null || !order.hasIdElement() || order.getIdElement().getIdPart() == null) {
                continue;
            }
            BigDecimal others = current.stream().filter(r -> !r.sourceReference().equals(draft.sourceReference()))
                    .map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal allowedDaily = ul.mg().subtract(others);
            String ref = "MedicationRequest/" + order.getIdElement().getIdPart();
            Optional<Suggestion> lower = allowedDaily.signum() > 0 ? lowerDose(order, draft, allowedDaily, ul)
                    : Optional.empty();
            if (lower.isPresent()) {
                // each suggestion fits one draft with the others unchanged (selectionBehavior at-most-one): the spec
                // allows one recommended suggestion per card, so only the first is
                boolean first = suggestions.stream().noneMatch(Suggestion::recommended);
                Suggestion s = lower.get();
                suggestions.add(first ? s : new Suggestion(s.label(), false, s.actions()));
            } else if (allowedDaily.signum() <= 0 || draft.amountBasis() == AmountBasis.INGREDIENT_STRENGTH) {
                suggestions.add(new Suggestion("Remove the draft " + Fmt.name(mineral) + " order (other "
                        + Fmt.name(mineral) + " already reaches " + Fmt.mg(others) + " of " + Fmt.mg(ul.mg()) + " mg/day)",
                        false, List.of(FhirAction.delete("Remove draft order " + ref, ref))));
            }
        }
        return suggestions;
    }

    private Optional<Suggestion> lowerDose(MedicationRequest order, Regimen draft, BigDecimal allowedDaily, Limit ul) {
        if (order.getDosageInstruction().size() != 1 || draft.dosesPerDayHigh().signum() <= 0) {
            return Optional.empty();
        }
        Dosage dosage = order.getDosageInstruction().get(0);
        if (dosage.getDoseAndRate().size() != 1 || !dosage.getDoseAndRate().get(0).hasDoseQuantity()) {
            return Optional.empty();
        }
        Quantity dose = dosage.getDoseAndRate().get(0).getDoseQuantity();
        if (!dose.hasValue() || dose.getValue().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal allowedPerDose = allowedDaily.divide(draft.dosesPerDayHigh(), 4, RoundingMode.DOWN);
        String name = Fmt.name(draft.mineral());
        BigDecimal newValue;
        String unitText;
        String label;
        switch (draft.amountBasis()) {
            case STATED_ELEMENTAL -> {
                newValue = allowedPerDose.setScale(0, RoundingMode.DOWN);
                unitText = "mg";
                label = newValue + " mg elemental " + name + " per dose";
            }
            case CONVERTED_FROM_SALT -> {
                Optional<Salt> salt = draft.salt();
                if (salt.isEmpty()) {
                    return Optional.empty();
                }
                newValue = allowedPerDose.subtract(CENTI_MG).divide(salt.get().elementalFraction(), 0, RoundingMode.DOWN);
                unitText = "mg";
                label = newValue + " mg " + salt.get().display() + " per dose ("
                        + Fmt.mg(newValue.multiply(salt.get().elementalFraction())) + " mg " + name + ")";
            }
            case INGREDIENT_STRENGTH -> {
                BigDecimal perUnit = draft.elementalMgPerDoseHigh().divide(dose.getValue(), 6, RoundingMode.HALF_UP);
                if (perUnit.signum() <= 0) {
                    return Optional.empty();
                }
                newValue = allowedPerDose.divide(perUnit, 0, RoundingMode.DOWN);
                unitText = dose.hasUnit() ? dose.getUnit() : "unit(s)";
                label = newValue + " " + unitText + " per dose (" + Fmt.mg(newValue.multiply(perUnit)) + " mg " + name + ")";
            }
            default -> {
                return Optional.empty();
            }
        }
        if (newValue.signum() <= 0) {
            return Optional.empty();
        }
        MedicationRequest updated = order.copy();
        Dosage newDosage = updated.getDosageInstructionFirstRep();
        Quantity q = newDosage.getDoseAndRateFirstRep().getDoseQuantity();
        q.setValue(newValue);
        if (draft.amountBasis() != AmountBasis.INGREDIENT_STRENGTH) {
            q.setUnit(unitText).setSystem(ChelateSystems.UCUM).setCode("mg");
        }
        // the free-text instruction would now contradict the structured dose
        newDosage.setText(null);
        String ref = "MedicationRequest/" + order.getIdElement().getIdPart();
        return Optional.of(new Suggestion(Fmt.fit("Lower the draft to " + label + " (keeps " + name + " within "
                + Fmt.mg(ul.mg()) + " mg/day)", 140), true,
                List.of(FhirAction.update("Update " + ref + " to " + label, updated))));
    }
}
