package org.chelate.plugin.knowledge;

import java.util.Optional;
import java.util.Set;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.DrugClass;
import org.chelate.terminology.codes.InteractingDrug;
import org.chelate.terminology.codes.InteractingDrugs;

/** The checks of an interaction entry beyond its fields being present; each returns the problem, if any. */
final class InteractionEntryChecks {

    /** A summary action longer than this leaves no room for the drug's name and the clash in 140 characters. */
    static final int MAX_ACTION = 80;

    private InteractionEntryChecks() {
    }

    /** Each drug is a known ingredient of the entry's class and has one entry; each class has at most one class rule. */
    static Optional<String> drugs(InteractionRule r, String name, Set<DrugClass> classRules, Set<String> drugsSeen) {
        if (r.classRule()) {
            return classRules.add(r.drugClass()) ? Optional.empty()
                    : Optional.of(name + ": drug class " + r.drugClass() + " has two class rules");
        }
        InteractingDrugs known = InteractingDrugs.standard();
        for (String code : r.drugs()) {
            Optional<InteractingDrug> drug = known.ingredient(ChelateSystems.INTERACTING_DRUG, code);
            if (drug.isEmpty()) {
                return Optional.of(name + " names drug '" + code + "', not in the interacting-drug code system");
            }
            if (drug.get().drugClass() != r.drugClass()) {
                return Optional.of(name + ": drug '" + code + "' is a " + drug.get().drugClass() + ", not a "
                        + r.drugClass());
            }
            if (!drugsSeen.add(code)) {
                return Optional.of(name + ": drug '" + code + "' has two rules");
            }
        }
        return Optional.empty();
    }

    /** An enabled entry has a short action naming the minerals, and a bisphosphonate-style entry its fasting time. */
    static Optional<String> wording(InteractionRule r, String name) {
        if (r.action() == null || !r.action().contains("{mineral}")) {
            return Optional.of(name + " needs an action for the card summary, with {mineral} where the minerals go");
        }
        if (r.action().length() > MAX_ACTION) {
            return Optional.of(name + " action is longer than " + MAX_ACTION + " characters: " + r.action());
        }
        if (r.drugFirst() && (r.fastingMinutes() == null || r.fastingMinutes() <= 0)) {
            return Optional.of(name + " is drugFirst without a positive fastingMinutes");
        }
        return Optional.empty();
    }
}
