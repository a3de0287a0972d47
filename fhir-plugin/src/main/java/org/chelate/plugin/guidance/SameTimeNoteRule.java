package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.OptionalNote;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;

/** Magnesium and zinc recorded at the same time → optional low-evidence note, only when the pack enables it. */
final class SameTimeNoteRule implements GuidanceRule {

    static final String NOTE_ID = "mg-zn-same-time";

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        OptionalNote note = pack.note(NOTE_ID).orElse(null);
        if (note == null || !note.enabled()) {
            return List.of();
        }
        List<Regimen> current = patient.currentRegimens();
        List<Regimen> mg = current.stream().filter(r -> r.mineral() == Mineral.MAGNESIUM).toList();
        List<Regimen> zn = current.stream().filter(r -> r.mineral() == Mineral.ZINC).toList();
        List<Regimen> selected = patient.draftRegimensInFocus();
        boolean together = mg.stream().anyMatch(m -> zn.stream().anyMatch(z ->
                DoseTimes.sameOccasion(m.timesOfDay(), z.timesOfDay())
                        && (!patient.selectionOnly() || selected.contains(m) || selected.contains(z))));
        if (!together) {
            return List.of();
        }
        var sources = pack.sources(note.sources());
        String detail = note.text() + "\n\nEvidence: " + note.evidence().toLowerCase() + ". This note is optional and "
                + "enabled by this deployment's knowledge pack.\n\n" + Fmt.sources(sources);
        return List.of(new Finding(CardType.MG_ZN_SAME_TIME, CardType.MG_ZN_SAME_TIME.code(), Severity.INFO,
                "Magnesium and zinc are recorded at the same time (optional, low-evidence timing note)", detail,
                sources, List.of()));
    }
}
