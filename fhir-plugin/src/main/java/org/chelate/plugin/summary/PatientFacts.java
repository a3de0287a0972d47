package org.chelate.plugin.summary;

import java.util.List;
import java.util.Optional;
import org.chelate.plugin.knowledge.PatientProfile;

/**
 * What the reference tables need about a patient on a date, and what had to be assumed.
 *
 * @param profile age, sex, pregnancy, lactation; empty when the birth date is unknown (no age-specific limits then)
 * @param notes   assumptions and gaps, e.g. "pregnancy status unknown: non-pregnant limits used"
 */
public record PatientFacts(Optional<PatientProfile> profile, List<String> notes) {
    public PatientFacts {
        notes = List.copyOf(notes);
    }
}
