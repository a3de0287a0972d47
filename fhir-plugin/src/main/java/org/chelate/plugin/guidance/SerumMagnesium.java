package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.Optional;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.SerumRange;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabFlag;
import org.chelate.plugin.observation.LabResult;

/**
 * The latest serum magnesium read the way the regimen summary reads it: the reporting lab's reference range decides
 * low and high when the Observation carries one; the pack's (ODS-Mg 0.75–0.95 mmol/L) only when it has none. Below
 * the pack's critical low (0.5) or at/above its critical high (2 mmol/L) is critical whatever the range.
 */
record SerumMagnesium(LabResult lab, boolean low, boolean high, boolean critical, String rangeText) {

    static Optional<SerumMagnesium> latest(PatientPicture patient, KnowledgePack pack) {
        SerumRange range = pack.thresholds().serumMagnesium();
        Optional<LabResult> latest = patient.observations().latest(LabAnalyte.SERUM_MAGNESIUM);
        if (!range.enabled() || latest.isEmpty()) {
            return Optional.empty();
        }
        LabResult lab = latest.get();
        BigDecimal mmol = lab.value();
        boolean low;
        boolean high;
        String rangeText;
        if (lab.hasLabRange()) {
            low = lab.flag() == LabFlag.LOW;
            high = lab.flag() == LabFlag.HIGH;
            rangeText = "the lab's range " + lab.referenceLow().map(v -> Fmt.num(v, 2)).orElse("\u2026") + "\u2013"
                    + lab.referenceHigh().map(v -> Fmt.num(v, 2)).orElse("\u2026") + " mmol/L";
        } else if (range.hasPackRange()) {
            low = mmol.compareTo(range.lowMmolPerL()) < 0;
            high = mmol.compareTo(range.highMmolPerL()) > 0;
            rangeText = "the reference range " + Fmt.num(range.lowMmolPerL(), 2) + "\u2013"
                    + Fmt.num(range.highMmolPerL(), 2) + " mmol/L (ODS-Mg; the lab gave none)";
        } else {
            return Optional.empty();
        }
        boolean criticalLow = range.criticalBelowMmolPerL() != null && mmol.compareTo(range.criticalBelowMmolPerL()) < 0;
        boolean criticalHigh = range.criticalAtOrAboveMmolPerL() != null
                && mmol.compareTo(range.criticalAtOrAboveMmolPerL()) >= 0;
        return Optional.of(new SerumMagnesium(lab, low || criticalLow, high || criticalHigh,
                criticalLow || criticalHigh, rangeText));
    }

    /** The lab's value and unit first, the mmol/L conversion second: "5 mEq/L (2.5 mmol/L)". */
    String valueText() {
        String reported = Fmt.num(lab.reportedValue(), 2) + " " + lab.reportedUnit();
        return lab.converted() ? reported + " (" + Fmt.num(lab.value(), 2) + " mmol/L)" : reported;
    }
}
