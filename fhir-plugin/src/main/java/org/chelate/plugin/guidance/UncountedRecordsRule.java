package org.chelate.plugin.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.regimen.UnmappedReason;
import org.chelate.plugin.regimen.UnmappedStatement;
import org.chelate.terminology.Mineral;

/**
 * Records the totals leave out on purpose, each named on its own card so that silence never hides them: products
 * holding magnesium or zinc in an amount not recorded (multivitamins), intranasal zinc (a warning: FDA 2009, loss of
 * smell), amounts no real intake reaches (entry errors), and orders that repeat a statement. One instance per reason.
 */
final class UncountedRecordsRule implements GuidanceRule {

    private final UnmappedReason reason;
    private final CardType type;
    private final Severity severity;
    private final Function<List<UnmappedStatement>, String> summary;
    private final String lead;
    private final Function<List<UnmappedStatement>, List<String>> sourceIds;

    private UncountedRecordsRule(UnmappedReason reason, CardType type, Severity severity,
                                 Function<List<UnmappedStatement>, String> summary, String lead,
                                 Function<List<UnmappedStatement>, List<String>> sourceIds) {
        this.reason = reason;
        this.type = type;
        this.severity = severity;
        this.summary = summary;
        this.lead = lead;
        this.sourceIds = sourceIds;
    }

    /** The four rules, in the order their cards are built. */
    static List<GuidanceRule> all() {
        return List.of(
                new UncountedRecordsRule(UnmappedReason.INTRANASAL_ZINC, CardType.INTRANASAL_ZINC, Severity.WARNING,
                        u -> "Intranasal zinc (" + name(u.get(0)) + "): risk of lasting loss of smell; advise stopping it",
                        "FDA advised consumers (16 June 2009) to stop using intranasal zinc products (nasal gels and "
                                + "swabs) after reports of loss of smell (anosmia), possibly long-lasting or permanent. "
                                + "Zinc in the nose is not an oral dose and is not counted toward zinc intake:",
                        u -> List.of("FDA-DSC:intranasal-zinc-2009", "ODS-Zn")),
                new UncountedRecordsRule(UnmappedReason.IMPLAUSIBLE_AMOUNT, CardType.IMPLAUSIBLE_RECORD, Severity.WARNING,
                        u -> u.size() == 1 ? "Impossible amount in " + name(u.get(0)) + ": left out of totals and "
                                + "limit checks; correct the record"
                                : u.size() + " records with impossible amounts left out of totals and limit checks; "
                                + "correct them",
                        "These records give a daily amount no real intake reaches (most likely an entry error). They "
                                + "are left out of the daily totals, so limit and kidney checks do not include them:",
                        u -> List.of()),
                new UncountedRecordsRule(UnmappedReason.AMOUNT_NOT_RECORDED, CardType.NOT_COUNTED, Severity.INFO,
                        u -> u.size() == 1 ? name(u.get(0)) + ": " + u.get(0).reason()
                                + "; record its label amount"
                                : u.size() + " products with magnesium or zinc not counted (amount not recorded); "
                                + "record their label amounts",
                        "These products hold magnesium or zinc, but no amount is recorded for them: the daily totals "
                                + "do not include them:",
                        UncountedRecordsRule::mineralSources),
                new UncountedRecordsRule(UnmappedReason.POSSIBLE_DUPLICATE, CardType.POSSIBLE_DUPLICATE, Severity.INFO,
                        u -> "Possible duplicate: " + name(u.get(0)) + " recorded as a statement and an order; counted "
                                + "once. Link or end one",
                        "The same product and strength is recorded as a medication statement and as an active order "
                                + "that the statement does not name (basedOn). It is counted once:",
                        u -> List.of()));
    }

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<UnmappedStatement> records = UnmappedRecords.inFocus(patient, u -> u.code() == reason);
        if (records.isEmpty()) {
            return List.of();
        }
        StringBuilder d = new StringBuilder(lead).append("\n\n");
        UnmappedRecords.list(d, records);
        List<Source> sources = new ArrayList<>();
        for (String id : sourceIds.apply(records)) {
            pack.source(id).ifPresent(sources::add);
        }
        if (!sources.isEmpty()) {
            d.append('\n').append(Fmt.sources(sources));
        }
        return List.of(new Finding(type, type.code(), severity, Fmt.fit(summary.apply(records), Finding.MAX_SUMMARY),
                d.toString(), sources, List.of()));
    }

    private static String name(UnmappedStatement u) {
        String name = u.description().isBlank() ? u.sourceReference() : u.description();
        return name.length() > 40 ? name.substring(0, 39).stripTrailing() + "\u2026" : name;
    }

    private static List<String> mineralSources(List<UnmappedStatement> records) {
        List<String> ids = new ArrayList<>();
        for (UnmappedStatement u : records) {
            for (Mineral m : u.minerals()) {
                String id = m == Mineral.ZINC ? "ODS-Zn" : "ODS-" + m.symbol();
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids.isEmpty() ? List.of("ODS-Mg") : ids;
    }

    @Override
    public String toString() {
        return "UncountedRecordsRule[" + reason.name().toLowerCase(Locale.ROOT) + "]";
    }
}
