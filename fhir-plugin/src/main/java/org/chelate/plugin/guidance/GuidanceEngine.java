package org.chelate.plugin.guidance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.terminology.codes.LabCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rules over a {@link PatientPicture}. A rule whose inputs could not be obtained is skipped; once the
 * deadline has passed no further rule starts, and the findings made so far (each complete) are returned. The result
 * is de-duplicated by finding key and ordered most severe first. Thread-safe.
 */
public final class GuidanceEngine {

    private static final Logger LOG = LoggerFactory.getLogger(GuidanceEngine.class);

    private final KnowledgePack pack;
    private final List<GuidanceRule> rules;

    public GuidanceEngine(KnowledgePack pack, LabCodes labCodes) {
        this.pack = Objects.requireNonNull(pack, "pack");
        List<GuidanceRule> all = new java.util.ArrayList<>(List.of(
                new UpperLimitRule(new DraftDoseAdjuster()),
                new KidneyMagnesiumRule(),
                new CopperMonitoringRule(labCodes),
                new InteractionTimingRule(),
                new SerumLabRule(),
                new ElementalAmountRule(),
                new UnreadableRecordsRule(),
                new SameTimeNoteRule(),
                new SymptomResponseRule(),
                new RegimenTemplateRule(),
                new MagnesiumCausesRule()));
        all.addAll(UncountedRecordsRule.all());
        this.rules = List.copyOf(all);
    }

    public KnowledgePack pack() {
        return pack;
    }

    public List<Finding> evaluate(PatientPicture patient) {
        return evaluate(patient, () -> Instant.MAX, Instant.MAX);
    }

    /**
     * @param now      the clock the deadline is read against
     * @param deadline no rule starts after this instant
     */
    public List<Finding> evaluate(PatientPicture patient, Supplier<Instant> now, Instant deadline) {
        return evaluate(rules, patient, now, deadline);
    }

    /**
     * Only the rules that use {@code input}: the second pass of a call whose first pass ran every other rule on a
     * picture without that input (their findings would be the same).
     */
    public List<Finding> evaluateNeeding(Input input, PatientPicture patient, Supplier<Instant> now, Instant deadline) {
        return evaluate(rules.stream().filter(r -> r.uses().contains(input)).toList(), patient, now, deadline);
    }

    private List<Finding> evaluate(List<GuidanceRule> selected, PatientPicture patient, Supplier<Instant> now,
                                   Instant deadline) {
        Map<String, Finding> byKey = new LinkedHashMap<>();
        for (GuidanceRule rule : selected) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.debug("guidance abandoned before {}: the call's budget is over", rule.getClass().getSimpleName());
                break;
            }
            if (now.get().isAfter(deadline)) {
                LOG.warn("guidance budget exhausted before {}: answering with {} finding(s) made so far",
                        rule.getClass().getSimpleName(), byKey.size());
                break;
            }
            if (rule.needs().stream().anyMatch(patient.unavailable()::contains)) {
                LOG.debug("rule {} skipped: input {} unavailable", rule.getClass().getSimpleName(), patient.unavailable());
                continue;
            }
            List<Finding> made;
            try {
                made = rule.apply(patient, pack);
            } catch (RuntimeException e) {
                // a rule that cannot handle this record must not take the other rules' cards down with it
                LOG.error("rule {} failed on {}: skipped", rule.getClass().getSimpleName(), patient.patientReference(), e);
                continue;
            }
            for (Finding f : made) {
                byKey.merge(f.key(), f, (a, b) -> a.severity().ordinal() <= b.severity().ordinal() ? a : b);
            }
        }
        List<Finding> findings = new ArrayList<>(byKey.values());
        findings.sort(Comparator.comparing(Finding::severity));
        return List.copyOf(TemplateGate.apply(findings));
    }
}
