package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.regimen.AmountBasis;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/** Doses recorded as a salt's weight: show the elemental amount ("500 mg magnesium bisglycinate ≈ 70 mg magnesium"). */
final class ElementalAmountRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        // on order-select, only the selected orders: the others were shown when they were selected
        List<Regimen> converted = (patient.selectionOnly() ? patient.draftRegimensInFocus() : patient.currentRegimens())
                .stream()
                .filter(r -> r.compoundMgPerDose().isPresent() && r.salt().isPresent())
                .toList();
        if (converted.isEmpty()) {
            return List.of();
        }
        StringBuilder d = new StringBuilder("Doses recorded as the weight of the salt, shown as elemental amounts "
                + "(elemental fraction computed from the molecular formula):\n\n");
        for (Regimen r : converted) {
            d.append("- ").append(line(r)).append(" (").append(Fmt.num(r.salt().get().elementalFraction()
                            .multiply(java.math.BigDecimal.valueOf(100)), 1)).append(" % ").append(r.mineral().symbol())
                    .append(", ").append(r.sourceReference()).append(")\n");
            // what the reading assumed (a hydrate, a product's strength) is said, never silent
            r.notes().stream().filter(n -> n.contains("assumed")).forEach(n -> d.append("  - ").append(n).append('\n'));
        }
        d.append("\nLimits and totals use the elemental amount.\n\n");
        List<String> ids = converted.stream().map(r -> r.mineral() == Mineral.ZINC ? "ODS-Zn" : "ODS-Mg").distinct().toList();
        var sources = pack.sources(ids);
        d.append(Fmt.sources(sources));
        String summary = Fmt.fit(line(converted.get(0)) + (converted.size() > 1 ? " (+" + (converted.size() - 1)
                + " more)" : ""), Finding.MAX_SUMMARY);
        return List.of(new Finding(CardType.ELEMENTAL_AMOUNT, CardType.ELEMENTAL_AMOUNT.code(), Severity.INFO, summary,
                d.toString(), sources, List.of()));
    }

    private static String line(Regimen r) {
        String line = Fmt.mg(r.compoundMgPerDose().orElseThrow()) + " mg " + r.salt().orElseThrow().display() + " \u2248 "
                + Fmt.mg(r.elementalMgPerDoseLow()) + " mg " + Fmt.name(r.mineral()) + " per dose";
        if (r.amountBasis() == AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL) {
            line += " if the salt's weight, " + Fmt.mg(r.elementalMgPerDoseHigh()) + " mg if " + Fmt.name(r.mineral());
        }
        return line;
    }
}
