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
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * Builds the order-sign suggestion "lower the draft order's dose so the daily total stays within the UL": an update
 * of the draft MedicationRequest with a smaller dose in the draft's own terms (elemental mg, or a smaller count of
 * units), or, for a product named by its salt and strength (zinc sulfate 220 mg), fewer doses a day of the same
 * strength — never a salt weight the pharmacy cannot fill. When even one dose would not fit, removal of the draft.
 */
final class DraftDoseAdjuster {

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
            } else if (draft.amountBasis() == AmountBasis.CONVERTED_FROM_SALT) {
                suggestions.add(new Suggestion(Fmt.fit("Remove the draft " + Fmt.name(mineral) + " order (one dose gives "
                        + Fmt.mg(draft.elementalMgPerDoseHigh()) + " mg " + Fmt.name(mineral) + "; " + Fmt.mg(allowedDaily)
                        + " mg/day fits within the UL)", 140), false,
                        List.of(FhirAction.delete("Remove draft order " + ref, ref))));
            }
        }
        return suggestions;
    }

    /** The same product and strength, taken fewer times a day (a salt-named product comes in fixed strengths). */
    private static Optional<Suggestion> fewerDosesOfTheSameStrength(MedicationRequest order, Regimen draft,
                                                                    BigDecimal allowedDaily, Limit ul) {
        BigDecimal perDose = draft.elementalMgPerDoseHigh();
        if (perDose.signum() <= 0 || draft.salt().isEmpty()) {
            return Optional.empty();
        }
        int doses = allowedDaily.divide(perDose, 0, RoundingMode.DOWN).min(BigDecimal.valueOf(24)).intValue();
        if (doses < 1 || BigDecimal.valueOf(doses).compareTo(draft.dosesPerDayHigh()) >= 0) {
            return Optional.empty();
        }
        MedicationRequest updated = order.copy();
        Dosage dosage = updated.getDosageInstructionFirstRep();
        Timing timing = dosage.getTiming();
        timing.setCode(null);
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        repeat.setFrequency(doses).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
        repeat.setFrequencyMaxElement(null).setPeriodMaxElement(null);
        if (repeat.getWhen().size() > doses) {
            repeat.getWhen().subList(doses, repeat.getWhen().size()).clear();
        }
        if (repeat.getTimeOfDay().size() > doses) {
            repeat.getTimeOfDay().subList(doses, repeat.getTimeOfDay().size()).clear();
        }
        dosage.setText(null);
        String name = Fmt.name(draft.mineral());
        String strength = draft.compoundMgPerDose().map(c -> Fmt.mg(c) + " mg ").orElse("") + draft.salt().get().display();
        String often = doses == 1 ? "once daily" : doses == 2 ? "twice daily" : doses + " times daily";
        String label = strength + " " + often + " (" + Fmt.mg(perDose.multiply(BigDecimal.valueOf(doses))) + " mg "
                + name + "/day)";
        String ref = "MedicationRequest/" + order.getIdElement().getIdPart();
        return Optional.of(new Suggestion(Fmt.fit("Lower the draft to " + label + ", within the UL of "
                + Fmt.mg(ul.mg()) + " mg/day", 140), true,
                List.of(FhirAction.update("Update " + ref + " to " + label, updated))));
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
                return fewerDosesOfTheSameStrength(order, draft, allowedDaily, ul);
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
