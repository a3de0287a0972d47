package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/** Validation of a parsed pack document; every message names the entry at fault. */
final class PackValidator {
    private final PackDocument doc;
    private final String origin;
    private final Set<String> entryIds = new java.util.HashSet<>();
    private final Set<String> declaredSources = new java.util.HashSet<>();
    private final Set<DrugClass> interactionClasses = EnumSet.noneOf(DrugClass.class);
    private final Set<String> interactionDrugs = new java.util.HashSet<>();

    PackValidator(PackDocument doc, String origin) {
        this.doc = doc;
        this.origin = origin;
    }

    void validate() {
        require(notBlank(doc.packId()), "packId is missing");
        require(notBlank(doc.version()), "version is missing");
        require(doc.sources() != null && !doc.sources().isEmpty(), "sources are missing");
        for (Source s : doc.sources()) {
            require(s != null && notBlank(s.id()), "a source has no id");
            require(KnowledgePack.isKnownSourceId(s.id()), "source '" + s.id() + "' is not of a facts.md source family "
                    + KnowledgePack.KNOWN_SOURCE_FAMILIES.stream().sorted().toList());
            require(declaredSources.add(s.id()), "source '" + s.id() + "' is declared twice");
            require(notBlank(s.label()), "source '" + s.id() + "' has no label");
            require(s.url() == null || s.url().startsWith("https://"),
                    "source '" + s.id() + "' url must be an https URL: " + s.url());
            require(s.url() != null || notBlank(s.citation()),
                    "source '" + s.id() + "' needs a url or a citation");
        }
        require(doc.limits() != null && !doc.limits().isEmpty(), "limits are missing");
        doc.limits().forEach(this::validateLimit);
        validateBands();
        if (doc.interactions() != null) {
            doc.interactions().forEach(this::validateInteraction);
        }
        require(doc.thresholds() != null, "thresholds are missing");
        validateThresholds(doc.thresholds());
        if (doc.templates() != null) {
            doc.templates().forEach(this::validateTemplate);
        }
        validatePolicy(doc.policy());
        if (doc.notes() != null) {
            doc.notes().forEach(n -> {
                entry(n == null ? null : n.id(), "note");
                citing("note '" + n.id() + "'", n.sources());
                require(notBlank(n.text()), "note '" + n.id() + "' has no text");
            });
        }
    }

    private void validateLimit(LimitEntry e) {
        require(e != null, "limits holds a null entry");
        String name = "limit '" + e.id() + "'";
        entry(e.id(), "limit");
        citing(name, e.sources());
        require(e.kind() != null, name + " has no kind");
        require(e.mineral() != null, name + " has no mineral");
        require(e.basis() != null, name + " has no basis (SUPPLEMENTAL or TOTAL)");
        require(e.population() != null, name + " has no population");
        require(e.fromMonths() != null, name + " has no fromMonths");
        require(e.fromMonths() >= 0, name + " starts at a negative age");
        require(e.toMonths() == null || e.toMonths() > e.fromMonths(), name + " has an empty or inverted age band");
        if (e.notEstablished()) {
            require(e.mg() == null, name + " is marked notEstablished but gives mg");
        } else {
            require(e.mg() != null, name + " has no mg value");
            require(e.mg().signum() > 0, name + " has a negative or zero limit: " + e.mg());
        }
        require(e.kind() != LimitKind.UL || e.population() == Population.ALL,
                name + ": a UL entry must apply to population ALL");
    }

    /** Per kind, mineral, population and sex: bands must neither overlap nor leave gaps. */
    private void validateBands() {
        record Group(boolean upper, Mineral mineral, Population population) {
        }
        Map<Group, List<LimitEntry>> groups = new LinkedHashMap<>();
        for (LimitEntry e : doc.limits()) {
            groups.computeIfAbsent(new Group(e.kind() == LimitKind.UL, e.mineral(), e.population()),
                    g -> new ArrayList<>()).add(e);
        }
        Map<Mineral, IntakeBasis> ulBasis = new LinkedHashMap<>();
        for (LimitEntry e : doc.limits()) {
            if (e.kind() == LimitKind.UL) {
                IntakeBasis previous = ulBasis.putIfAbsent(e.mineral(), e.basis());
                require(previous == null || previous == e.basis(),
                        "limit '" + e.id() + "': " + e.mineral() + " ULs mix bases " + previous + " and " + e.basis());
            }
        }
        groups.forEach((group, entries) -> {
            for (Sex sex : List.of(Sex.MALE, Sex.FEMALE)) {
                List<LimitEntry> forSex = entries.stream().filter(e -> e.sex().matches(sex))
                        .sorted(Comparator.comparingInt(LimitEntry::fromMonths)).toList();
                for (int i = 1; i < forSex.size(); i++) {
                    LimitEntry prev = forSex.get(i - 1);
                    LimitEntry next = forSex.get(i);
                    require(prev.toMonths() != null && prev.toMonths() <= next.fromMonths(),
                            "limit '" + next.id() + "' (" + next.band() + ") overlaps limit '" + prev.id() + "' ("
                                    + prev.band() + ") for sex " + sex);
                    require(prev.toMonths().equals(next.fromMonths()),
                            "missing age band between limit '" + prev.id() + "' and limit '" + next.id() + "' ("
                                    + prev.toMonths() + "-" + next.fromMonths() + " months, sex " + sex + ")");
                }
                boolean general = group.population() == Population.ALL || group.population() == Population.GENERAL;
                if (general && !forSex.isEmpty()) {
                    LimitEntry last = forSex.get(forSex.size() - 1);
                    require(last.toMonths() == null, "missing age band after limit '" + last.id() + "' (from "
                            + last.toMonths() + " months up, sex " + sex + ")");
                }
            }
        });
    }

    private void validateInteraction(InteractionRule r) {
        require(r != null, "interactions holds a null entry");
        String name = "interaction '" + r.id() + "'";
        entry(r.id(), "interaction");
        citing(name, r.sources());
        require(r.drugClass() != null, name + " has no drugClass");
        InteractionEntryChecks.drugs(r, name, interactionClasses, interactionDrugs).ifPresent(this::fail);
        require(!r.minerals().isEmpty(), name + " names no mineral");
        require(notBlank(r.text()), name + " has no text");
        require(notBlank(r.factsRow()), name + " names no facts.md timing row (factsRow)");
        if (r.enabled()) {
            require(r.notRecommended() || r.drugBeforeSupplement() != null || r.drugAfterSupplement() != null,
                    name + " is enabled but gives no separation hours");
            hours(name + " drugBeforeSupplement", r.drugBeforeSupplement());
            hours(name + " drugAfterSupplement", r.drugAfterSupplement());
            InteractionEntryChecks.wording(r, name).ifPresent(this::fail);
        } else {
            require(notBlank(r.disabledReason()), name + " is disabled without a disabledReason");
        }
    }

    private void hours(String name, HourRange h) {
        if (h == null) {
            return;
        }
        require(h.minHours() != null && h.minHours().signum() > 0, name + " needs a positive minHours");
        require(h.maxHours() == null || h.maxHours().compareTo(h.minHours()) >= 0,
                name + " has maxHours below minHours");
        require(h.minHours().compareTo(BigDecimal.valueOf(24)) <= 0, name + " exceeds 24 h");
    }

    private void validateThresholds(Thresholds t) {
        serum(t.serumMagnesium(), "serumMagnesium");
        serum(t.serumZinc(), "serumZinc");
        serum(t.serumCopper(), "serumCopper");
        ChronicZincRule z = t.chronicZinc();
        require(z != null, "thresholds.chronicZinc is missing");
        String zn = "threshold '" + z.id() + "'";
        entry(z.id(), "threshold");
        citing(zn, z.sources());
        require(z.supplementalMgPerDay() != null && z.supplementalMgPerDay().signum() > 0,
                zn + " needs a positive supplementalMgPerDay");
        require(z.minWeeks() != null && z.minWeeks() > 0, zn + " needs a positive minWeeks");
        require(ChronicZincRule.SINCE_HIGH_INTAKE_STARTED.equals(z.copperLabWindow()),
                zn + " copperLabWindow must be " + ChronicZincRule.SINCE_HIGH_INTAKE_STARTED);
        KidneyRule k = t.kidney();
        require(k != null, "thresholds.kidney is missing");
        String kn = "threshold '" + k.id() + "'";
        entry(k.id(), "threshold");
        citing(kn, k.sources());
        if (k.enabled()) {
            require(k.criticalBelow() != null && k.warningBelow() != null && k.monitorBelow() != null
                    && k.noTemplateBelow() != null, kn + " is enabled without its eGFR cut-offs");
            require(k.criticalBelow().signum() > 0 && k.criticalBelow().compareTo(k.warningBelow()) < 0
                    && k.warningBelow().compareTo(k.monitorBelow()) < 0,
                    kn + " cut-offs must rise: criticalBelow < warningBelow < monitorBelow");
            require(k.sources().stream().anyMatch(x -> x.startsWith("KDIGO")),
                    kn + " is enabled but cites no KDIGO GFR category source");
        } else {
            require(notBlank(k.disabledReason()), kn + " is disabled without a disabledReason");
        }
    }

    private void serum(SerumRange r, String key) {
        require(r != null, "thresholds." + key + " is missing");
        String name = "threshold '" + r.id() + "'";
        entry(r.id(), "threshold");
        citing(name, r.sources());
        if (r.criticalBelowMmolPerL() != null || r.criticalAtOrAboveMmolPerL() != null) {
            citing(name + " critical bounds", r.criticalSources());
            require(r.criticalBelowMmolPerL() == null || r.criticalAtOrAboveMmolPerL() == null
                    || r.criticalBelowMmolPerL().compareTo(r.criticalAtOrAboveMmolPerL()) < 0,
                    name + " critical bounds must have low < high");
        }
        if (r.lowMmolPerL() != null || r.highMmolPerL() != null) {
            require(r.hasPackRange(), name + " gives only one end of its range");
            require(r.lowMmolPerL().signum() > 0 && r.lowMmolPerL().compareTo(r.highMmolPerL()) < 0,
                    name + " range must be positive with low < high");
        } else {
            require(r.useLabReferenceRange(), name + " has no range and does not defer to the lab's range");
        }
    }

    private void validatePolicy(PackPolicy p) {
        require(p != null && p.upperLimitSeverity() != null, "policy.upperLimitSeverity is missing");
        require(notBlank(p.note()), "policy has no note saying it is policy, not fact");
        UpperLimitSeverity u = p.upperLimitSeverity();
        require(u.criticalAtOrAboveMultiple() != null && u.criticalAtOrAboveMultiple().compareTo(BigDecimal.ONE) > 0,
                "policy.upperLimitSeverity.criticalAtOrAboveMultiple must be above 1");
        require(u.contextAdultFromYears() != null && u.contextAdultFromYears() >= 18,
                "policy.upperLimitSeverity.contextAdultFromYears must be an adult age: children keep their warnings");
        require(!u.asNeededMagnesium() || u.normalEgfrAtLeast() != null && u.normalEgfrAtLeast().signum() > 0,
                "policy.upperLimitSeverity.asNeededMagnesium needs normalEgfrAtLeast");
        require(!u.coldLozengeCourse() || u.coldLozengeMaxDays() != null && u.coldLozengeMaxDays() > 0,
                "policy.upperLimitSeverity.coldLozengeCourse needs coldLozengeMaxDays");
    }

    private void validateTemplate(RegimenTemplate t) {
        require(t != null, "templates holds a null entry");
        String name = "template '" + t.id() + "'";
        entry(t.id(), "template");
        citing(name, t.sources());
        require(t.configurableTemplate(), name + " must be marked configurableTemplate");
        require(notBlank(t.title()), name + " has no title");
        require(!t.doses().isEmpty(), name + " has no doses");
        for (TemplateDose d : t.doses()) {
            require(d.mineral() != null, name + " has a dose without mineral");
            require(d.lowMg() != null && d.lowMg().signum() > 0 && d.highMg() != null
                    && d.highMg().compareTo(d.lowMg()) >= 0, name + " " + d.mineral() + " dose range is invalid");
            BigDecimal adultUl = doc.limits().stream()
                    .filter(e -> e.kind() == LimitKind.UL && e.mineral() == d.mineral() && e.toMonths() == null
                            && e.mg() != null)
                    .map(LimitEntry::mg).findFirst().orElse(null);
            require(adultUl == null || d.highMg().compareTo(adultUl) <= 0,
                    name + " " + d.mineral() + " high dose " + d.highMg() + " mg exceeds the adult UL " + adultUl + " mg");
        }
    }

    private void entry(String id, String what) {
        require(notBlank(id), "a " + what + " entry has no id");
        require(entryIds.add(id), what + " id '" + id + "' is used twice");
    }

    private void citing(String name, List<String> sourceIds) {
        require(sourceIds != null && !sourceIds.isEmpty(), name + " cites no source");
        for (String s : sourceIds) {
            require(KnowledgePack.isKnownSourceId(s), name + " cites unknown source '" + s + "'");
            require(declaredSources.contains(s), name + " cites source '" + s + "' not declared in sources");
        }
    }

    private void require(boolean condition, String message) {
        if (!condition) {
            fail(message);
        }
    }

    private void fail(String message) {
        throw new KnowledgePackException("knowledge pack " + origin + ": " + message);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
