package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Locale;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.terminology.codes.DrugClass;

/**
 * A non-supplement drug of an interacting class, active in the record or being ordered in this hook call.
 *
 * @param sourceReference e.g. "MedicationStatement/7" or "MedicationRequest/draft-1"
 * @param name            display name from the record
 * @param beingOrdered    true for draft orders of this call
 * @param times           recorded times of day, possibly empty
 * @param drugCode        the terminology's interacting-drug code ("ciprofloxacin"), null when only the class is known
 * @param route           how the drug is given, as far as the record says
 */
public record InteractingMedication(String sourceReference, DrugClass drugClass, String name, boolean beingOrdered,
                                    List<DoseTime> times, String drugCode, DrugRoute route) {
    public InteractingMedication {
        times = List.copyOf(times);
        route = route == null ? DrugRoute.NOT_RECORDED : route;
    }

    public InteractingMedication(String sourceReference, DrugClass drugClass, String name, boolean beingOrdered,
                                 List<DoseTime> times) {
        this(sourceReference, drugClass, name, beingOrdered, times, null, DrugRoute.NOT_RECORDED);
    }

    /** The ingredient's name for a summary ("Ciprofloxacin"), else the record's name. */
    public String shortName() {
        String n = drugCode != null ? drugCode : name.isBlank() ? drugClass.name().toLowerCase(Locale.ROOT) : name;
        return n.isEmpty() ? n : Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
