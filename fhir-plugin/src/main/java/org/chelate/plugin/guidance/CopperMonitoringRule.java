package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chelate.plugin.knowledge.ChronicZincRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.patient.ClinicalCondition;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.LabCode;
import org.chelate.terminology.codes.LabCodes;
import org.chelate.terminology.codes.LabKind;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Chronic high zinc intake (supplemental zinc at or above the pack's level, or above the UL, without a break for at
 * least the pack's number of weeks) and no copper lab (serum copper or ceruloplasmin) since it started → warning that
 * names what to check (serum copper, ceruloplasmin, CBC, neurological signs), says to reduce zinc to the UL unless it
 * is indicated, and suggests the orders whose LOINC codes the terminology module holds as verified. Not for a coded
 * Wilson disease, where high zinc is the therapy and copper is followed by the specialist.
 */
final class CopperMonitoringRule implements GuidanceRule {

    private final LabCodes labCodes;

    CopperMonitoringRule(LabCodes labCodes) {
        this.labCodes = labCodes;
    }

    @Override
    public Set<Input> needs() {
        return Set.of(Input.PATIENT, Input.MEDICATIONS, Input.OBSERVATIONS);
    }

    @Override
    public List<Finding> apply(PatientPicture patient, KnowledgePack pack) {
        ChronicZincRule rule = pack.thresholds().chronicZinc();
        if (!rule.enabled() || !patient.concerns(Mineral.ZINC) || patient.has(ClinicalCondition.WILSON_DISEASE)) {
            return List.of();
        }
        Optional<Limit> ul = pack.upperLimit(Mineral.ZINC, patient.profile());
        BigDecimal threshold = rule.supplementalMgPerDay();
        if (rule.orAboveUpperLimit() && ul.isPresent() && ul.get().mg().compareTo(threshold) < 0) {
            threshold = ul.get().mg().add(new BigDecimal("0.01"));
        }
        Optional<LocalDate> since = highIntakeSince(patient, threshold);
        if (since.isEmpty()) {
            return List.of();
        }
        long weeks = ChronoUnit.WEEKS.between(since.get(), patient.date());
        if (weeks < rule.minWeeks()) {
            return List.of();
        }
        Optional<LabResult> copperLab = patient.observations().labs().stream()
                .filter(l -> (l.analyte() == LabAnalyte.SERUM_COPPER || l.analyte() == LabAnalyte.CERULOPLASMIN)
                        && !l.date().isBefore(since.get()))
                .reduce((a, b) -> b);
        if (copperLab.isPresent()) {
            return List.of();
        }
        BigDecimal today = dailyLow(patient, patient.date());
        var sources = pack.sources(rule.sources());
        String summary = Fmt.fit("Zinc " + Fmt.mg(today) + " mg/day for " + weeks + " weeks, no copper lab since "
                + since.get() + ": check copper and ceruloplasmin; cut zinc to the UL", Finding.MAX_SUMMARY);
        StringBuilder d = new StringBuilder();
        d.append("**Supplemental zinc:** ").append(Fmt.mg(today)).append(" mg/day now; at or above ")
                .append(Fmt.mg(threshold)).append(" mg/day since ").append(since.get()).append(" (").append(weeks)
                .append(" weeks).\n\n");
        d.append("**Pack rule:** supplemental zinc \u2265 ").append(Fmt.mg(rule.supplementalMgPerDay()))
                .append(" mg/day").append(rule.orAboveUpperLimit() ? " or above the UL" : "").append(" for \u2265 ")
                .append(rule.minWeeks()).append(" weeks, with no copper lab since the high intake started.\n\n");
        d.append(rule.note()).append("\n\nNo serum copper or ceruloplasmin result is on record since ")
                .append(since.get()).append(".\n\n**Check:** serum copper and ceruloplasmin, a complete blood count "
                        + "(anaemia, neutropenia) and neurological signs (copper deficiency, ODS-Zn).\n\n");
        ul.ifPresent(limit -> d.append("**Reduce zinc** to the UL (").append(Fmt.mg(limit.mg()))
                .append(" mg/day total) unless it is indicated above it.\n\n"));
        List<Suggestion> suggestions = new ArrayList<>();
        List<String> notOffered = new ArrayList<>();
        for (LabKind kind : List.of(LabKind.SERUM_COPPER, LabKind.CERULOPLASMIN)) {
            String what = kind == LabKind.SERUM_COPPER ? "serum copper" : "ceruloplasmin";
            Optional<LabCode> loinc = labCodes.codesFor(kind).stream()
                    .filter(c -> ChelateSystems.LOINC.equals(c.system()) && c.verified()).findFirst();
            if (loinc.isPresent()) {
                suggestions.add(new Suggestion("Order " + what + " (LOINC " + loinc.get().code() + ")",
                        suggestions.isEmpty(), List.of(FhirAction.create("Create a proposed " + what + " test",
                        copperTest(patient, loinc.get(), today, since.get())))));
            } else {
                notOffered.add(what);
            }
        }
        if (!notOffered.isEmpty()) {
            d.append("_No verified LOINC code for ").append(String.join(" or ", notOffered))
                    .append(" is available, so that order is not suggested._\n\n");
        }
        d.append(Fmt.sources(sources));
        return List.of(new Finding(CardType.COPPER_MONITORING, CardType.COPPER_MONITORING.code(), Severity.WARNING,
                summary, d.toString(), sources, suggestions));
    }

    private static ServiceRequest copperTest(PatientPicture patient, LabCode code, BigDecimal zincMg, LocalDate since) {
        ServiceRequest sr = new ServiceRequest();
        sr.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        sr.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
        sr.setCode(new CodeableConcept(new Coding(code.system(), code.code(), code.display())).setText(code.display()));
        sr.setSubject(new Reference(patient.patientReference()));
        sr.addReasonCode(new CodeableConcept().setText("Supplemental zinc " + Fmt.mg(zincMg)
                + " mg/day since " + since + " without copper monitoring"));
        return sr;
    }

    /**
     * The first day of the current unbroken stretch of supplemental zinc at or above {@code threshold} (low end of
     * the records), or empty when today's intake is below it or the stretch has no recorded start.
     */
    private static Optional<LocalDate> highIntakeSince(PatientPicture patient, BigDecimal threshold) {
        if (dailyLow(patient, patient.date()).compareTo(threshold) < 0) {
            return Optional.empty();
        }
        List<Regimen> zinc = patient.regimens().regimensOf(Mineral.ZINC);
        TreeSet<LocalDate> changes = new TreeSet<>();
        for (Regimen r : zinc) {
            r.start().filter(s -> !s.isAfter(patient.date())).ifPresent(changes::add);
            r.end().map(e -> e.plusDays(1)).filter(e -> !e.isAfter(patient.date())).ifPresent(changes::add);
        }
        LocalDate since = patient.date();
        // totals only change at a start or the day after an end: step back through those days
        for (LocalDate change : changes.descendingSet()) {
            if (change.isAfter(since)) {
                continue;
            }
            LocalDate dayBefore = change.minusDays(1);
            since = change;
            if (dailyLow(patient, dayBefore).compareTo(threshold) < 0) {
                return Optional.of(since);
            }
        }
        // high on every change day back to the first start: the stretch starts with the earliest recorded start,
        // unless a contributing regimen has no start at all (then the duration is unknown)
        boolean openStart = zinc.stream().anyMatch(r -> r.start().isEmpty() && r.isActiveOn(patient.date()));
        return openStart || changes.isEmpty() ? Optional.empty() : Optional.of(since);
    }

    private static BigDecimal dailyLow(PatientPicture patient, LocalDate day) {
        return patient.regimens().regimensOf(Mineral.ZINC).stream().filter(r -> r.isActiveOn(day))
                .map(Regimen::dailyElementalMgLow).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
