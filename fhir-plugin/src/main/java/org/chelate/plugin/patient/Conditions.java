package org.chelate.plugin.patient;

import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;

/** How Chelate reads a Condition: whether it holds now, and whether its code names something. */
public final class Conditions {

    private Conditions() {
    }

    /** Not refuted or entered in error, and active, recurring or relapsed (or with no clinical status). */
    public static boolean active(Condition condition) {
        if (condition.hasVerificationStatus() && condition.getVerificationStatus().getCoding().stream()
                .anyMatch(c -> "entered-in-error".equals(c.getCode()) || "refuted".equals(c.getCode()))) {
            return false;
        }
        return !condition.hasClinicalStatus() || condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> "active".equals(c.getCode()) || "recurrence".equals(c.getCode())
                        || "relapse".equals(c.getCode()));
    }

    /** The text or a coding's display matches {@code pattern}. */
    public static boolean mentions(CodeableConcept concept, Pattern pattern) {
        if (concept == null) {
            return false;
        }
        if (concept.hasText() && pattern.matcher(concept.getText()).find()) {
            return true;
        }
        return concept.getCoding().stream().anyMatch(c -> c.hasDisplay() && pattern.matcher(c.getDisplay()).find());
    }
}
