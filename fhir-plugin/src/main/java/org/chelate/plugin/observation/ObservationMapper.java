package org.chelate.plugin.observation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chelate.plugin.regimen.Dates;
import org.chelate.terminology.codes.LabCodes;
import org.chelate.terminology.codes.LabKind;
import org.chelate.terminology.codes.ScoreInstrument;
import org.chelate.terminology.codes.ScoreInstruments;
import org.chelate.terminology.units.UnitConverter;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationReferenceRangeComponent;
import org.hl7.fhir.r4.model.Observation.ObservationStatus;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Maps Observations to symptom-score series (instrument from the Observation code, value checked against the
 * instrument's range) and labs (value converted to the analyte's canonical unit, reference range from the
 * Observation or a configured default, flag). Observations with other codes are not Chelate's and are skipped;
 * recognised ones that cannot be used are reported with the reason. Thread-safe.
 */
public final class ObservationMapper {

    private static final MathContext MATH = MathContext.DECIMAL64;
    private static final Set<ObservationStatus> USABLE =
            Set.of(ObservationStatus.FINAL, ObservationStatus.AMENDED, ObservationStatus.CORRECTED);
    private static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";

    /** system → code → instrument: looked up for every Observation of a large record (never modified). */
    private final Map<String, Map<String, ScoreInstrument>> instrumentsByCode;
    private final LabCodes labCodes;
    private final UnitConverter units;
    private final Map<LabAnalyte, DefaultRange> defaultRanges;

    /** Standard terminology, no default reference ranges. */
    public ObservationMapper() {
        this(Map.of());
    }

    public ObservationMapper(Map<LabAnalyte, DefaultRange> defaultRanges) {
        this(ScoreInstruments.standard(), LabCodes.standard(), UnitConverter.standard(), defaultRanges);
    }

    public ObservationMapper(ScoreInstruments instruments, LabCodes labCodes, UnitConverter units,
            Map<LabAnalyte, DefaultRange> defaultRanges) {
        Map<String, Map<String, ScoreInstrument>> byCode = new HashMap<>();
        // first match wins, as in ScoreInstruments.resolve
        instruments.all().forEach(i -> byCode.computeIfAbsent(i.system(), k -> new HashMap<>()).putIfAbsent(i.code(), i));
        this.instrumentsByCode = byCode;
        this.labCodes = labCodes;
        this.units = units;
        this.defaultRanges = defaultRanges.isEmpty() ? Map.of() : new EnumMap<>(defaultRanges);
    }

    public ObservationMapping map(List<Observation> observations) {
        Map<String, List<ScorePoint>> points = new LinkedHashMap<>();
        Map<String, ScoreInstrument> instrumentsByKey = new LinkedHashMap<>();
        List<LabResult> labs = new ArrayList<>();
        List<UnmappedObservation> unmapped = new ArrayList<>();
        int index = 0;
        for (Observation observation : observations) {
            String reference = observation.getIdElement().hasIdPart()
                    ? "Observation/" + observation.getIdElement().getIdPart() : "Observation[" + index + "]";
            index++;
            Optional<ScoreInstrument> instrument = instrument(observation.getCode());
            Optional<LabKind> lab = instrument.isPresent() ? Optional.empty() : labKind(observation.getCode());
            if (instrument.isEmpty() && lab.isEmpty()) {
                continue;
            }
            try {
                checkUsable(observation);
                if (instrument.isPresent()) {
                    ScoreInstrument found = instrument.get();
                    ScorePoint point = score(observation, reference, found);
                    String key = found.system() + "|" + found.code();
                    instrumentsByKey.putIfAbsent(key, found);
                    points.computeIfAbsent(key, k -> new ArrayList<>()).add(point);
                } else {
                    labs.add(lab(observation, reference, lab.get()));
                }
            } catch (UnusableObservation problem) {
                unmapped.add(new UnmappedObservation(reference, problem.getMessage()));
            } catch (RuntimeException unexpected) {
                // an Observation the rules did not foresee must not break the patient's whole summary
                unmapped.add(new UnmappedObservation(reference, "the Observation could not be read: " + unexpected.getMessage()));
            }
        }
        List<ScoreSeries> series = new ArrayList<>();
        points.forEach((key, list) -> series.add(new ScoreSeries(instrumentsByKey.get(key), list)));
        return new ObservationMapping(series, labs, unmapped);
    }

    private Optional<ScoreInstrument> instrument(CodeableConcept code) {
        for (Coding coding : code.getCoding()) {
            if (coding.getSystem() == null || coding.getCode() == null) {
                continue;
            }
            ScoreInstrument found = instrumentsByCode.getOrDefault(coding.getSystem().trim(), Map.of())
                    .get(coding.getCode().trim());
            if (found != null) {
                return Optional.of(found);
            }
        }
        return Optional.empty();
    }

    private Optional<LabKind> labKind(CodeableConcept code) {
        for (Coding coding : code.getCoding()) {
            Optional<LabKind> found = labCodes.resolve(coding.getSystem(), coding.getCode());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static void checkUsable(Observation observation) {
        ObservationStatus status = observation.getStatus(); // null when missing (hasStatus() costs a code lookup)
        if (status == null || !USABLE.contains(status)) {
            throw new UnusableObservation("status is " + (status == null ? "missing" : status.toCode())
                    + ", not final, amended or corrected");
        }
        if (!observation.hasSubject()) {
            throw new UnusableObservation("the Observation names no patient (subject is empty)");
        }
        if (observation.hasDataAbsentReason()) {
            throw new UnusableObservation("no value: " + describe(observation.getDataAbsentReason()));
        }
    }

    private ScorePoint score(Observation observation, String reference, ScoreInstrument instrument) {
        BigDecimal value;
        if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
            value = observation.getValueQuantity().getValue();
        } else if (observation.hasValueIntegerType() && observation.getValueIntegerType().hasValue()) {
            value = BigDecimal.valueOf(observation.getValueIntegerType().getValue());
        } else {
            throw new UnusableObservation("no numeric score (valueQuantity or valueInteger)");
        }
        if (!instrument.inRange(value)) {
            throw new UnusableObservation("score " + value.toPlainString() + " is outside the range "
                    + instrument.min().toPlainString() + "–" + instrument.max().toPlainString() + " of " + instrument.display());
        }
        Effective effective = effective(observation);
        return new ScorePoint(reference, effective.date(), effective.instant(), value);
    }

    private LabResult lab(Observation observation, String reference, LabKind kind) {
        if (!observation.hasValueQuantity() || !observation.getValueQuantity().hasValue()) {
            throw new UnusableObservation("no valueQuantity");
        }
        LabAnalyte analyte = LabAnalyte.of(kind);
        Quantity quantity = observation.getValueQuantity();
        if (quantity.getValue().signum() < 0) {
            throw new UnusableObservation("negative value " + quantity.getValue().toPlainString());
        }
        String unit = unitOf(quantity).orElseGet(kind::canonicalUnit);
        BigDecimal value = toCanonical(analyte, quantity.getValue(), unit);
        String reportedUnit = quantity.hasUnit() ? quantity.getUnit() : unit;
        Optional<BigDecimal> low = Optional.empty();
        Optional<BigDecimal> high = Optional.empty();
        Optional<String> rangeSource = Optional.empty();
        if (observation.hasReferenceRange()) {
            ObservationReferenceRangeComponent range = observation.getReferenceRangeFirstRep();
            low = rangeBound(analyte, range.getLow(), unit);
            high = rangeBound(analyte, range.getHigh(), unit);
            if (low.isPresent() || high.isPresent()) {
                rangeSource = Optional.of(LabResult.OBSERVATION_RANGE);
            }
        }
        DefaultRange fallback = defaultRanges.get(analyte);
        if (rangeSource.isEmpty() && fallback != null) {
            low = Optional.of(fallback.low());
            high = Optional.of(fallback.high());
            rangeSource = Optional.of(fallback.source());
        }
        LabFlag flag = flag(value, low, high).orElseGet(() -> interpretation(observation));
        return new LabResult(reference, analyte, kind, value, analyte.canonicalUnit(), low, high, rangeSource, flag,
                effective(observation).date(), quantity.getValue(), reportedUnit);
    }

    private BigDecimal toCanonical(LabAnalyte analyte, BigDecimal value, String unit) {
        if (analyte == LabAnalyte.SERUM_MAGNESIUM && isMilliEquivalentsPerLitre(unit)) {
            // facts.md: mmol/L = mEq/L ÷ 2 for Mg2+ (UCUM's eq is a mole, wrong by the ion's charge)
            return toCanonical(analyte, value.divide(MG_CHARGE, MATH), "mmol/L");
        }
        Optional<BigDecimal> converted = analyte.mineral().isPresent()
                ? units.tryConvertConcentration(analyte.mineral().get(), value, unit, analyte.canonicalUnit())
                : units.tryConvert(value, unit, analyte.canonicalUnit());
        return converted.map(v -> v.round(MATH).stripTrailingZeros()).orElseThrow(() -> new UnusableObservation(
                "unit '" + unit + "' cannot be converted to " + analyte.canonicalUnit()));
    }

    private static final BigDecimal MG_CHARGE = BigDecimal.valueOf(2);

    private static boolean isMilliEquivalentsPerLitre(String unit) {
        String u = unit.trim().replace(" ", "");
        return u.equalsIgnoreCase("mEq/L") || u.equalsIgnoreCase("meq/l");
    }

    private Optional<BigDecimal> rangeBound(LabAnalyte analyte, Quantity bound, String valueUnit) {
        if (bound == null || !bound.hasValue()) {
            return Optional.empty();
        }
        return Optional.of(toCanonical(analyte, bound.getValue(), unitOf(bound).orElse(valueUnit)));
    }

    private static Optional<LabFlag> flag(BigDecimal value, Optional<BigDecimal> low, Optional<BigDecimal> high) {
        if (low.isEmpty() && high.isEmpty()) {
            return Optional.empty();
        }
        if (low.isPresent() && value.compareTo(low.get()) < 0) {
            return Optional.of(LabFlag.LOW);
        }
        if (high.isPresent() && value.compareTo(high.get()) > 0) {
            return Optional.of(LabFlag.HIGH);
        }
        return Optional.of(LabFlag.NORMAL);
    }

    private static LabFlag interpretation(Observation observation) {
        for (CodeableConcept concept : observation.getInterpretation()) {
            for (Coding coding : concept.getCoding()) {
                if (INTERPRETATION.equals(coding.getSystem()) && coding.hasCode()) {
                    switch (coding.getCode()) {
                        case "L", "LL", "LU" -> {
                            return LabFlag.LOW;
                        }
                        case "H", "HH", "HU" -> {
                            return LabFlag.HIGH;
                        }
                        case "N" -> {
                            return LabFlag.NORMAL;
                        }
                        default -> {
                        }
                    }
                }
            }
        }
        return LabFlag.UNKNOWN;
    }

    private record Effective(LocalDate date, Instant instant) {
    }

    private static Effective effective(Observation observation) {
        BaseDateTimeType when = null;
        if (observation.hasEffectiveDateTimeType()) {
            when = observation.getEffectiveDateTimeType();
        } else if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            when = observation.getEffectivePeriod().getStartElement();
        } else if (observation.hasEffectiveInstantType()) {
            when = observation.getEffectiveInstantType();
        } else if (observation.hasIssued()) {
            when = observation.getIssuedElement();
        }
        if (when == null || when.getValue() == null) {
            throw new UnusableObservation("no effective date");
        }
        LocalDate date = Dates.firstDay(when).orElseThrow(() -> new UnusableObservation("no effective date"));
        Instant instant = when.getPrecision().ordinal() > ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()
                ? when.getValue().toInstant()
                : date.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new Effective(date, instant);
    }

    private static Optional<String> unitOf(Quantity quantity) {
        if (quantity.hasCode()) {
            return Optional.of(quantity.getCode());
        }
        return quantity.hasUnit() ? Optional.of(quantity.getUnit()) : Optional.empty();
    }

    private static String describe(CodeableConcept concept) {
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode()).findFirst().orElse("unknown");
    }

    /** One Observation that cannot be used; caught per Observation. */
    private static final class UnusableObservation extends RuntimeException {
        UnusableObservation(String message) {
            super(message, null, false, false);
        }
    }

}
