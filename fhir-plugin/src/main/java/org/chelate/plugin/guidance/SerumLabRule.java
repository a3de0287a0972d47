package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.SerumRange;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabFlag;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/**
 * Latest serum magnesium outside the reporting lab's range (the pack's ODS-Mg 0.75–0.95 mmol/L when the lab gives
 * none; critical below 0.5 or at/above 2 mmol/L, see {@link SerumMagnesium}), latest serum zinc or copper flagged
 * low against the lab's own reference range (facts.md holds no zinc or copper range; the card says so).
 */
final class SerumLabRule implements GuidanceRule {

    @Override
    public Set<Input> needs() {
        return Set.of(Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<Finding> findings = new ArrayList<>();
        if (patient.concerns(Mineral.MAGNESIUM)) {
            magnesium(patient, pack).ifPresent(findings::add);
        }
        // copper with zinc: chronic zinc intake is what lowers copper
        if (patient.concerns(Mineral.ZINC)) {
            labFlaggedLow(patient, pack, LabAnalyte.SERUM_ZINC, pack.thresholds().serumZinc(), CardType.SERUM_ZINC)
                    .ifPresent(findings::add);
            labFlaggedLow(patient, pack, LabAnalyte.SERUM_COPPER, pack.thresholds().serumCopper(),
                    CardType.SERUM_COPPER).ifPresent(findings::add);
        }
        return findings;
    }

    private static Optional<Finding> magnesium(PatientPicture patient, KnowledgePack pack) {
        Optional<SerumMagnesium> reading = SerumMagnesium.latest(patient, pack);
        if (reading.isEmpty() || !reading.get().low() && !reading.get().high()) {
            return Optional.empty();
        }
        SerumMagnesium mg = reading.get();
        SerumRange range = pack.thresholds().serumMagnesium();
        LabResult lab = mg.lab();
        boolean onMagnesium = patient.currentRegimens().stream().anyMatch(r -> r.mineral() == Mineral.MAGNESIUM);
        List<Source> sources = new ArrayList<>(pack.sources(range.sources()));
        String summary;
        Severity severity;
        if (mg.critical()) {
            pack.sources(range.criticalSources()).stream().filter(s -> !sources.contains(s)).forEach(sources::add);
            severity = Severity.CRITICAL;
            summary = mg.low()
                    ? "Serum magnesium " + mg.valueText() + ": severe hypomagnesaemia (below 0.5 mmol/L); treat and find the cause"
                    : "Serum magnesium " + mg.valueText() + ": hypermagnesaemia (\u2265 2 mmol/L); stop magnesium, check eGFR";
        } else {
            severity = mg.low() || onMagnesium ? Severity.WARNING : Severity.INFO;
            summary = "Serum magnesium " + mg.valueText() + " is " + (mg.low() ? "below " : "above ") + mg.rangeText()
                    .replace(" (ODS-Mg; the lab gave none)", "")
                    + (mg.low() ? ": hypomagnesaemia" : onMagnesium ? ": review the magnesium supplement" : "");
        }
        StringBuilder d = new StringBuilder("**Serum magnesium:** ").append(mg.valueText()).append(" on ")
                .append(lab.date()).append(" (").append(lab.sourceReference()).append(")\n\n**Compared with:** ")
                .append(mg.rangeText()).append(". ").append(range.note()).append(".\n\n");
        if (mg.critical()) {
            d.append("**Critical:** ").append(range.criticalNote()).append(".\n\n");
        }
        if (mg.high() && onMagnesium) {
            d.append("The patient takes magnesium (supplement, laxative or antacid).\n\n");
        }
        d.append(Fmt.sources(sources));
        return Optional.of(new Finding(CardType.SERUM_MAGNESIUM, CardType.SERUM_MAGNESIUM.code(), severity,
                Fmt.fit(summary, Finding.MAX_SUMMARY), d.toString(), sources, List.of()));
    }

    private static Optional<Finding> labFlaggedLow(PatientPicture patient, KnowledgePack pack, LabAnalyte analyte,
                                                   SerumRange range, CardType type) {
        Optional<LabResult> latest = patient.observations().latest(analyte);
        if (!range.enabled() || latest.isEmpty() || latest.get().flag() != LabFlag.LOW) {
            return Optional.empty();
        }
        LabResult lab = latest.get();
        String what = analyte == LabAnalyte.SERUM_ZINC ? "zinc" : "copper";
        boolean hasRange = lab.referenceLow().isPresent() || lab.referenceHigh().isPresent();
        String labRange = !hasRange ? "no range given; flagged low by the lab"
                : lab.referenceLow().map(l -> Fmt.num(l, 1)).orElse("\u2026") + "\u2013"
                        + lab.referenceHigh().map(h -> Fmt.num(h, 1)).orElse("\u2026") + " " + lab.unit();
        var sources = pack.sources(range.sources());
        StringBuilder d = new StringBuilder("**Serum ").append(what).append(":** ").append(Fmt.num(lab.value(), 1))
                .append(' ').append(lab.unit()).append(" on ").append(lab.date()).append(" (")
                .append(lab.sourceReference()).append(")\n\n**Reference range (from the lab's own result):** ")
                .append(labRange).append("\n\n_").append(range.note()).append("._\n\n");
        BigDecimal zinc = patient.currentRegimens().stream().filter(r -> r.mineral() == Mineral.ZINC)
                .map(Regimen::dailyElementalMgHigh).reduce(BigDecimal.ZERO, BigDecimal::add);
        Severity severity = Severity.INFO;
        if (analyte == LabAnalyte.SERUM_COPPER && zinc.signum() > 0) {
            d.append("The patient takes up to ").append(Fmt.mg(zinc)).append(" mg/day of supplemental zinc; chronic "
                    + "high zinc intake can cause copper deficiency (ODS-Zn).\n\n");
            sources = new ArrayList<>(sources);
            pack.source("ODS-Zn").ifPresent(sources::add);
            severity = Severity.WARNING;
        }
        d.append(Fmt.sources(sources));
        String summary = "Serum " + what + " " + Fmt.num(lab.value(), 1) + " " + lab.unit()
                + (hasRange ? " is below the lab's reference range (" + labRange + ")" : " is flagged low by the lab");
        return Optional.of(new Finding(type, type.code(), severity, Fmt.fit(summary, Finding.MAX_SUMMARY),
                d.toString(), sources, List.of()));
    }
}
