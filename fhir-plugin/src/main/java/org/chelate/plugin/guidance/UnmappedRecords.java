package org.chelate.plugin.guidance;

import java.util.List;
import java.util.function.Predicate;
import org.chelate.plugin.regimen.UnmappedStatement;

/** The records the mapping left out of the totals, as the cards that name them select and list them. */
final class UnmappedRecords {

    private UnmappedRecords() {
    }

    /** The left-out records the call is about (on order-select: the selected orders only) that {@code which} takes. */
    static List<UnmappedStatement> inFocus(PatientPicture patient, Predicate<UnmappedStatement> which) {
        return patient.regimens().unmapped().stream()
                .filter(which)
                .filter(u -> !patient.selectionOnly() || patient.focus().selected().contains(u.sourceReference()))
                .toList();
    }

    /** One line a record: "- description (reference): reason". */
    static void list(StringBuilder detail, List<UnmappedStatement> records) {
        for (UnmappedStatement u : records) {
            detail.append("- ").append(u.description().isBlank() ? u.sourceReference()
                    : u.description() + " (" + u.sourceReference() + ")").append(": ").append(u.reason()).append('\n');
        }
    }
}
