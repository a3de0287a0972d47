package org.chelate.plugin.regimen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The same product and strength recorded twice: an active order that no statement names in {@code basedOn}, whose
 * every mineral matches an active statement's (same mineral, salt and elemental amount per dose). The order is counted
 * once, from the statement, and reported as a possible duplicate so that a clinician can link or end one of them.
 */
final class PossibleDuplicates {

    private static final Set<RegimenStatus> CURRENT = Set.of(RegimenStatus.ACTIVE, RegimenStatus.INTENDED);

    private PossibleDuplicates() {
    }

    static RegimenMapping countOnce(List<Regimen> regimens, List<UnmappedStatement> unmapped) {
        List<Regimen> statements = regimens.stream()
                .filter(r -> r.kind() == RecordKind.MEDICATION_STATEMENT && CURRENT.contains(r.status())).toList();
        if (statements.isEmpty()) {
            return new RegimenMapping(regimens, unmapped);
        }
        Map<String, List<Regimen>> orders = new LinkedHashMap<>();
        for (Regimen r : regimens) {
            if (r.kind() == RecordKind.MEDICATION_REQUEST && CURRENT.contains(r.status())) {
                orders.computeIfAbsent(r.sourceReference(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Regimen> kept = new ArrayList<>(regimens);
        List<UnmappedStatement> reported = new ArrayList<>(unmapped);
        orders.forEach((reference, ofOrder) -> {
            Optional<Regimen> twin = twinOf(ofOrder, statements);
            if (twin.isPresent()) {
                kept.removeAll(ofOrder);
                reported.add(new UnmappedStatement(reference, UnmappedReason.POSSIBLE_DUPLICATE,
                        "possible duplicate of " + twin.get().sourceReference() + " (same product and strength, not "
                                + "linked by basedOn): counted once", ofOrder.get(0).description(),
                        ofOrder.stream().map(Regimen::mineral).distinct().toList()));
            }
        });
        return new RegimenMapping(kept, reported);
    }

    /** A statement matching every mineral of the order, if one does. */
    private static Optional<Regimen> twinOf(List<Regimen> ofOrder, List<Regimen> statements) {
        Regimen first = null;
        for (Regimen order : ofOrder) {
            Optional<Regimen> match = statements.stream().filter(s -> same(s, order)).findFirst();
            if (match.isEmpty()) {
                return Optional.empty();
            }
            first = first == null ? match.get() : first;
        }
        return Optional.ofNullable(first);
    }

    private static boolean same(Regimen statement, Regimen order) {
        return statement.mineral() == order.mineral()
                && statement.salt().map(org.chelate.terminology.salt.Salt::code)
                        .equals(order.salt().map(org.chelate.terminology.salt.Salt::code))
                && statement.elementalMgPerDoseLow().compareTo(order.elementalMgPerDoseLow()) == 0
                && statement.elementalMgPerDoseHigh().compareTo(order.elementalMgPerDoseHigh()) == 0;
    }
}
