package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.util.Optional;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.patient.ClinicalCondition;

/**
 * What the record says about kidney function: the latest eGFR (any LOINC code facts.md lists) and a coded CKD stage
 * 4–5 / kidney failure problem. {@code read} is false when the Observations were not (yet) obtained: then nothing can
 * be said, and no suggestion that needs kidney function may be offered.
 */
record KidneyFunction(boolean read, Optional<LabResult> egfr, boolean severeCkdCoded) {

    static KidneyFunction of(PatientPicture patient) {
        boolean read = !patient.unavailable().contains(Input.OBSERVATIONS);
        return new KidneyFunction(read, read ? patient.observations().latest(LabAnalyte.EGFR) : Optional.empty(),
                patient.has(ClinicalCondition.SEVERE_CKD));
    }

    /** The latest eGFR is below {@code cutoff}. */
    boolean egfrBelow(BigDecimal cutoff) {
        return egfr.isPresent() && egfr.get().value().compareTo(cutoff) < 0;
    }

    /** KDIGO GFR category of an eGFR (facts.md: G1 ≥ 90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 &lt; 15). */
    static String kdigoCategory(BigDecimal egfr) {
        if (egfr.compareTo(BigDecimal.valueOf(15)) < 0) {
            return "G5";
        }
        if (egfr.compareTo(BigDecimal.valueOf(30)) < 0) {
            return "G4";
        }
        if (egfr.compareTo(BigDecimal.valueOf(45)) < 0) {
            return "G3b";
        }
        if (egfr.compareTo(BigDecimal.valueOf(60)) < 0) {
            return "G3a";
        }
        return egfr.compareTo(BigDecimal.valueOf(90)) < 0 ? "G2" : "G1";
    }
}
