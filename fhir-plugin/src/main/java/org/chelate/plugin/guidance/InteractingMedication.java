package org.chelate.plugin.guidance;

import java.util.List;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.terminology.codes.DrugClass;

/**
 * A non-supplement drug of an interacting class, active in the record or being ordered in this hook call.
 *
 * @param sourceReference e.g. "MedicationStatement/7" or "MedicationRequest/draft-1"
 * @param name            display name from the record
 * @param beingOrdered    true for draft orders of this call
 * @param times           recorded times of day, possibly empty
 */
public record InteractingMedication(String sourceReference, DrugClass drugClass, String name, boolean beingOrdered,
                                    List<DoseTime> times) {
    public InteractingMedication {
        times = List.copyOf(times);
    }
}
