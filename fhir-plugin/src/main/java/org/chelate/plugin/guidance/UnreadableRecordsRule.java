package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.regimen.UnmappedStatement;

/**
 * Supplement records the mapping could not read: listed with the reason, so that a total is never silently short.
 * Records of other drugs (NOT_A_SUPPLEMENT) are not listed.
 */
final class UnreadableRecordsRule implements GuidanceRule {

    /** Reasons that say the record is not a readable-but-broken supplement record (by name: the enum may grow). */
    private static final Set<String> NOT_ABOUT_AMOUNTS = Set.of("NOT_A_SUPPLEMENT", "UNKNOWN_PRODUCT",
            "RECORDED_BY_STATEMENT", "AMOUNT_NOT_RECORDED", "INTRANASAL_ZINC", "IMPLAUSIBLE_AMOUNT", "POSSIBLE_DUPLICATE");

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<UnmappedStatement> unread = UnmappedRecords.inFocus(patient,
                u -> !NOT_ABOUT_AMOUNTS.contains(u.code().name()));
        if (unread.isEmpty()) {
            return List.of();
        }
        StringBuilder d = new StringBuilder("These records name magnesium or zinc but give no usable amount; the daily "
                + "totals above do not include them:\n\n");
        UnmappedRecords.list(d, unread);
        String summary = unread.size() == 1 ? "1 supplement record could not be read; totals exclude it"
                : unread.size() + " supplement records could not be read; totals exclude them";
        return List.of(new Finding(CardType.UNREADABLE_RECORDS, CardType.UNREADABLE_RECORDS.code(), Severity.INFO,
                summary, d.toString(), List.of(), List.of()));
    }
}
