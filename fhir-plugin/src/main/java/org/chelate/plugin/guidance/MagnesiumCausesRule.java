package org.chelate.plugin.guidance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/**
 * Causes, not just values (facts.md rows "Proton-pump inhibitors", "Diuretics", "Digoxin", Zinc "thiazide
 * diuretics"): low serum magnesium with a PPI names it (supplementation alone may fail, FDA 2011), with a loop or
 * thiazide diuretic names it, with digoxin warns of toxicity; a thiazide with zinc status on record gets a
 * monitoring note.
 */
final class MagnesiumCausesRule implements GuidanceRule {

    private static final String PPI_SOURCE = "FDA-DSC:PPI-magnesium-2011";
    private static final String DIGOXIN_SOURCE = "Label:digoxin-PI-warnings";

    @Override
    public Set<Input> needs() {
        return Set.of(Input.MEDICATIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        List<Finding> findings = new ArrayList<>();
        if (patient.concerns(Mineral.MAGNESIUM)) {
            lowMagnesium(patient, pack).ifPresent(findings::add);
        }
        if (patient.concerns(Mineral.ZINC)) {
            thiazideZinc(patient, pack).ifPresent(findings::add);
        }
        return findings;
    }

    private static Optional<Finding> lowMagnesium(PatientPicture patient, KnowledgePack pack) {
        Optional<SerumMagnesium> reading = SerumMagnesium.latest(patient, pack).filter(SerumMagnesium::low);
        if (reading.isEmpty()) {
            return Optional.empty();
        }
        List<InteractingMedication> ppis = of(patient, DrugClass.PROTON_PUMP_INHIBITOR);
        List<InteractingMedication> diuretics = new ArrayList<>(of(patient, DrugClass.LOOP_DIURETIC));
        diuretics.addAll(of(patient, DrugClass.THIAZIDE_DIURETIC));
        List<InteractingMedication> digoxin = of(patient, DrugClass.DIGOXIN);
        if (ppis.isEmpty() && diuretics.isEmpty() && digoxin.isEmpty()) {
            return Optional.empty();
        }
        SerumMagnesium mg = reading.get();
        List<String> ids = new ArrayList<>();
        StringBuilder d = new StringBuilder("**Serum magnesium:** ").append(mg.valueText()).append(" on ")
                .append(mg.lab().date()).append(", below ").append(mg.rangeText()).append(".\n\n");
        if (!digoxin.isEmpty()) {
            d.append("- **").append(names(digoxin)).append("**: hypomagnesaemia predisposes to digoxin toxicity "
                    + "(digoxin label, warnings).\n");
            ids.add(DIGOXIN_SOURCE);
        }
        if (!ppis.isEmpty()) {
            d.append("- **").append(names(ppis)).append("** (proton-pump inhibitor): prolonged use (in most cases "
                    + "> 1 year) can cause hypomagnesaemia; in about a quarter of reviewed cases supplementation alone "
                    + "did not correct it and the PPI had to be stopped. Measure magnesium during long treatment, "
                    + "especially with digoxin or diuretics (FDA 2011, ODS-Mg).\n");
            ids.add(PPI_SOURCE);
        }
        if (!diuretics.isEmpty()) {
            d.append("- **").append(names(diuretics)).append("** (loop/thiazide diuretic): raises magnesium loss "
                    + "(ODS-Mg).\n");
        }
        ids.add("ODS-Mg");
        List<Source> sources = pack.sources(ids.stream().filter(id -> pack.source(id).isPresent()).distinct().toList());
        d.append('\n').append(Fmt.sources(sources));
        // most important first, each with its drug's first word, so that a cut summary loses the least
        StringBuilder summary = new StringBuilder("Low magnesium");
        String sep = ": ";
        if (!digoxin.isEmpty()) {
            summary.append(" raises digoxin toxicity risk");
            sep = "; ";
        }
        if (!ppis.isEmpty()) {
            summary.append(sep).append(shortNames(ppis)).append(" may cause it, supplements alone may fail: review the PPI");
            sep = "; ";
        }
        if (!diuretics.isEmpty()) {
            summary.append(sep).append(shortNames(diuretics)).append(diuretics.size() == 1 ? " raises" : " raise")
                    .append(" magnesium loss");
        }
        return Optional.of(new Finding(CardType.MAGNESIUM_DRUG_CAUSES, CardType.MAGNESIUM_DRUG_CAUSES.code(),
                digoxin.isEmpty() ? Severity.INFO : Severity.WARNING, Fmt.fit(summary.toString(), Finding.MAX_SUMMARY),
                d.toString(), sources, List.of()));
    }

    private static Optional<Finding> thiazideZinc(PatientPicture patient, KnowledgePack pack) {
        List<InteractingMedication> thiazides = of(patient, DrugClass.THIAZIDE_DIURETIC);
        boolean zincTaken = patient.currentRegimens().stream().anyMatch(r -> r.mineral() == Mineral.ZINC);
        boolean zincMeasured = patient.observations().latest(LabAnalyte.SERUM_ZINC).isPresent();
        if (thiazides.isEmpty() || !zincTaken && !zincMeasured) {
            return Optional.empty();
        }
        List<Source> sources = pack.sources(List.of("ODS-Zn"));
        String detail = "**" + names(thiazides) + "** (thiazide diuretic, on the medication list): thiazides raise "
                + "urinary zinc loss (ODS-Zn). This is a monitoring note, not a timing rule: "
                + (zincTaken ? "the patient takes zinc" : "a serum zinc result is on record")
                + "; read serum zinc with the lab's range and the clinical context (it falls with inflammation and low "
                + "albumin).\n\n" + Fmt.sources(sources);
        return Optional.of(new Finding(CardType.ZINC_THIAZIDE, CardType.ZINC_THIAZIDE.code(), Severity.INFO,
                Fmt.fit("Long-term " + shortNames(thiazides) + " raises urinary zinc loss: monitor zinc status",
                        Finding.MAX_SUMMARY), detail, sources, List.of()));
    }

    private static List<InteractingMedication> of(PatientPicture patient, DrugClass drugClass) {
        return patient.interactingMedications().stream().filter(m -> m.drugClass() == drugClass).toList();
    }

    private static String shortNames(List<InteractingMedication> meds) {
        return meds.stream().map(m -> m.name().trim().split("\\s+")[0]).distinct().collect(Collectors.joining(", "));
    }

    private static String names(List<InteractingMedication> meds) {
        return meds.stream().map(InteractingMedication::name).distinct().collect(Collectors.joining(", "));
    }
}
