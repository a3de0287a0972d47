package org.chelate.plugin.summary;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.knowledge.IntakeBasis;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.SerumRange;
import org.chelate.plugin.observation.DefaultRange;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.observation.ObservationMapping;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.observation.ResponseCalculator;
import org.chelate.plugin.observation.ScorePoint;
import org.chelate.plugin.observation.ScoreSeries;
import org.chelate.plugin.observation.UnmappedObservation;
import org.chelate.plugin.regimen.DailyTotal;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.plugin.regimen.RegimenMapping;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.units.UnitConverter;

/** Builds a {@link RegimenSummary} from one patient's resources. Thread-safe. */
public final class RegimenSummaryService {

    static final String RESPONSE_STANCE = "Symptom-score changes are observations of this patient, not evidence that "
            + "a supplement caused them.";

    private final RegimenMapper regimens;
    private final ObservationMapper observations;
    private final ResponseCalculator responses;
    private final KnowledgePack pack;
    private final boolean midConfigured;

    public RegimenSummaryService(RegimenMapper regimens, ObservationMapper observations, ResponseCalculator responses,
            KnowledgePack pack, boolean midConfigured) {
        this.regimens = regimens;
        this.observations = observations;
        this.responses = responses;
        this.pack = pack;
        this.midConfigured = midConfigured;
    }

    /** The standard mappers, reference ranges from the pack, MIDs from the options. */
    public static RegimenSummaryService create(KnowledgePack pack, Map<String, BigDecimal> minimalImportantDifferences) {
        return new RegimenSummaryService(new RegimenMapper(), new ObservationMapper(defaultRanges(pack)),
                new ResponseCalculator(minimalImportantDifferences), pack, !minimalImportantDifferences.isEmpty());
    }

    /** Serum reference ranges the pack holds (only magnesium: the facts file gives no zinc or copper range). */
    public static Map<LabAnalyte, DefaultRange> defaultRanges(KnowledgePack pack) {
        Map<LabAnalyte, DefaultRange> ranges = new EnumMap<>(LabAnalyte.class);
        addRange(ranges, LabAnalyte.SERUM_MAGNESIUM, pack.thresholds().serumMagnesium());
        addRange(ranges, LabAnalyte.SERUM_ZINC, pack.thresholds().serumZinc());
        addRange(ranges, LabAnalyte.SERUM_COPPER, pack.thresholds().serumCopper());
        return ranges;
    }

    private static void addRange(Map<LabAnalyte, DefaultRange> ranges, LabAnalyte analyte, SerumRange range) {
        if (range == null || !range.enabled() || !range.hasPackRange()) {
            return;
        }
        Mineral mineral = analyte.mineral().orElseThrow();
        UnitConverter units = UnitConverter.standard();
        BigDecimal low = units.convertConcentration(mineral, range.lowMmolPerL(), "mmol/L", analyte.canonicalUnit());
        BigDecimal high = units.convertConcentration(mineral, range.highMmolPerL(), "mmol/L", analyte.canonicalUnit());
        String source = range.sources().isEmpty() ? range.id() : range.sources().get(0);
        ranges.put(analyte, new DefaultRange(low, high, source));
    }

    public KnowledgePack knowledgePack() {
        return pack;
    }

    public RegimenSummary summarise(PatientData data, LocalDate date) {
        List<String> notes = new ArrayList<>();
        PatientFacts facts = PatientFactsReader.read(data.patient(), data.observations(), data.conditions(), date);
        RegimenMapping mapping = regimens.map(data.statements(), data.requests(), data.medications())
                .withoutImplausible(RegimenMapping.DEFAULT_MAX_PLAUSIBLE_DAILY_MG);
        Map<Mineral, DailyTotal> totals = mapping.dailyTotals(date);

        List<Regimen> other = new ArrayList<>();
        for (Regimen regimen : mapping.regimens()) {
            if (regimen.isActiveOn(date)) {
                continue;
            }
            if (regimen.start().isPresent() && regimen.start().get().isAfter(date)) {
                other.add(regimen.withNote("starts after the summary date (" + regimen.start().get() + "): not counted"));
            } else {
                other.add(regimen.withNote("not taken on " + date + " (status " + regimen.status().code()
                        + regimen.end().map(e -> ", ended " + e).orElse("") + "): not counted"));
            }
        }

        List<MineralSummary> minerals = new ArrayList<>();
        Set<Mineral> shown = new LinkedHashSet<>(List.of(Mineral.MAGNESIUM, Mineral.ZINC));
        shown.addAll(totals.keySet());
        for (Mineral mineral : shown) {
            DailyTotal total = totals.getOrDefault(mineral, new DailyTotal(mineral, BigDecimal.ZERO, BigDecimal.ZERO, List.of()));
            minerals.add(mineralSummary(total, facts.profile()));
        }

        ObservationMapping mapped = observations.map(data.observations());
        List<UnmappedObservation> unused = new ArrayList<>(mapped.unmapped());
        List<SymptomTrend> trends = new ArrayList<>();
        for (ScoreSeries series : mapped.scores()) {
            List<ScorePoint> upToDate = new ArrayList<>();
            for (ScorePoint point : series.points()) {
                if (point.date().isAfter(date)) {
                    unused.add(new UnmappedObservation(point.sourceReference(), "dated " + point.date() + ", after the summary date"));
                } else {
                    upToDate.add(point);
                }
            }
            if (upToDate.isEmpty()) {
                continue;
            }
            ScoreSeries shownSeries = new ScoreSeries(series.instrument(), upToDate);
            trends.add(new SymptomTrend(shownSeries, responsesTo(shownSeries, mapping, date)));
        }
        Map<LabAnalyte, LabResult> latest = new LinkedHashMap<>();
        for (LabResult lab : mapped.labs()) {
            if (lab.date().isAfter(date)) {
                unused.add(new UnmappedObservation(lab.sourceReference(), "dated " + lab.date() + ", after the summary date"));
            } else {
                latest.put(lab.analyte(), lab);
            }
        }

        notes.addAll(facts.notes());
        if (!trends.isEmpty()) {
            notes.add(RESPONSE_STANCE);
            if (!midConfigured) {
                notes.add("No minimal important difference is configured: score changes are shown without a judgement.");
            }
        }
        return new RegimenSummary("Patient/" + data.patientId(), date, facts, minerals, other, mapping.unmapped(), trends,
                List.copyOf(latest.values()), unused, notes, pack.version());
    }

    private MineralSummary mineralSummary(DailyTotal total, Optional<PatientProfile> profile) {
        List<String> notes = new ArrayList<>();
        if (profile.isEmpty()) {
            return new MineralSummary(total.mineral(), total, Optional.empty(), Optional.empty(), notes);
        }
        Optional<Limit> rda = pack.rda(total.mineral(), profile.get());
        Optional<Limit> ul = pack.upperLimit(total.mineral(), profile.get());
        String name = total.mineral().name().toLowerCase(Locale.ROOT);
        if (ul.isEmpty()) {
            pack.upperLimitNotEstablishedReason(total.mineral(), profile.get()).ifPresentOrElse(notes::add,
                    () -> notes.add("no " + name + " UL in the knowledge pack for this patient"));
        } else if (ul.get().basis() == IntakeBasis.TOTAL) {
            notes.add("the " + name + " UL counts food and supplements; this total counts recorded supplements only");
        } else {
            notes.add("the " + name + " UL counts supplements and medicines only, not food");
        }
        if (rda.isEmpty()) {
            notes.add("no " + name + " RDA or AI in the knowledge pack for this patient");
        }
        return new MineralSummary(total.mineral(), total, rda, ul, notes);
    }

    private List<RegimenResponse> responsesTo(ScoreSeries series, RegimenMapping mapping, LocalDate date) {
        List<RegimenResponse> list = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Regimen regimen : mapping.regimens()) {
            if (regimen.isActiveOn(date) && regimen.start().isPresent() && seen.add(regimen.sourceReference())) {
                list.add(responses.response(series, regimen.sourceReference(), regimen.start().get(), date));
            }
        }
        return list;
    }
}
