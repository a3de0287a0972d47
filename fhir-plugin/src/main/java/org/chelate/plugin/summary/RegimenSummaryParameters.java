package org.chelate.plugin.summary;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.chelate.plugin.knowledge.Limit;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.observation.ScorePoint;
import org.chelate.plugin.observation.UnmappedObservation;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.UnmappedStatement;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/** Writes a {@link RegimenSummary} as the {@code $regimen-summary} output Parameters (layout in docs/regimen-summary.md). */
public final class RegimenSummaryParameters {

    private static final String UCUM = "http://unitsofmeasure.org";

    private RegimenSummaryParameters() {
    }

    public static Parameters toParameters(RegimenSummary summary) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("patient").setValue(new Reference(summary.patientReference()));
        parameters.addParameter().setName("date").setValue(new DateType(summary.date().toString()));
        parameters.addParameter().setName("knowledgePackVersion").setValue(new StringType(summary.knowledgePackVersion()));
        summary.facts().profile().ifPresent(profile -> facts(parameters.addParameter().setName("patientFacts"), profile));
        summary.minerals().forEach(mineral -> mineral(parameters.addParameter().setName("mineral"), mineral));
        summary.otherRegimens().forEach(regimen -> regimen(parameters.addParameter().setName("otherRegimen"), regimen));
        summary.unmapped().forEach(unmapped -> unmapped(parameters.addParameter().setName("unmapped"), unmapped));
        summary.trends().forEach(trend -> trend(parameters.addParameter().setName("symptomTrend"), trend));
        summary.latestLabs().forEach(lab -> lab(parameters.addParameter().setName("lab"), lab));
        summary.unusedObservations().forEach(o -> unusedObservation(parameters.addParameter().setName("unusedObservation"), o));
        summary.notes().forEach(note -> parameters.addParameter().setName("note").setValue(new StringType(note)));
        return parameters;
    }

    private static void facts(ParametersParameterComponent part, PatientProfile profile) {
        add(part, "ageYears", new IntegerType(profile.ageYears()));
        add(part, "sex", new CodeType(profile.sex().name().toLowerCase(Locale.ROOT)));
        add(part, "pregnancy", new CodeType(profile.pregnancy().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        add(part, "lactating", new org.hl7.fhir.r4.model.BooleanType(profile.lactating()));
    }

    private static void mineral(ParametersParameterComponent part, MineralSummary mineral) {
        add(part, "mineral", new CodeType(mineral.mineral().name().toLowerCase(Locale.ROOT)));
        ParametersParameterComponent daily = part.addPart().setName("dailyElementalMg");
        add(daily, "low", mgPerDay(mineral.total().lowMg()));
        add(daily, "high", mgPerDay(mineral.total().highMg()));
        mineral.rda().ifPresent(limit -> limit(part.addPart().setName("rda"), limit));
        mineral.upperLimit().ifPresent(limit -> limit(part.addPart().setName("ul"), limit));
        mineral.notes().forEach(note -> add(part, "note", new StringType(note)));
        mineral.total().contributing().forEach(regimen -> regimen(part.addPart().setName("regimen"), regimen));
    }

    private static void limit(ParametersParameterComponent part, Limit limit) {
        add(part, "value", mgPerDay(limit.mg()));
        add(part, "kind", new CodeType(limit.kind().name()));
        add(part, "basis", new CodeType(limit.basis().name().toLowerCase(Locale.ROOT)));
        Source source = limit.source();
        add(part, "source", new StringType(source.id()));
        if (source.url() != null) {
            add(part, "sourceUrl", new UriType(source.url()));
        }
        limit.notes().forEach(note -> add(part, "note", new StringType(note)));
    }

    static void regimen(ParametersParameterComponent part, Regimen regimen) {
        add(part, "source", new Reference(regimen.sourceReference()));
        add(part, "status", new CodeType(regimen.status().code()));
        if (!regimen.description().isBlank()) {
            add(part, "product", new StringType(regimen.description()));
        }
        add(part, "mineral", new CodeType(regimen.mineral().name().toLowerCase(Locale.ROOT)));
        regimen.salt().ifPresent(salt -> add(part, "salt", new Coding(ChelateSystems.SUPPLEMENT, salt.code(), salt.display())));
        add(part, "elementalMgPerDoseLow", mg(regimen.elementalMgPerDoseLow()));
        add(part, "elementalMgPerDoseHigh", mg(regimen.elementalMgPerDoseHigh()));
        regimen.compoundMgPerDose().ifPresent(c -> add(part, "compoundMgPerDose", mg(c)));
        add(part, "dosesPerDayLow", new DecimalType(round(regimen.dosesPerDayLow(), 4)));
        add(part, "dosesPerDayHigh", new DecimalType(round(regimen.dosesPerDayHigh(), 4)));
        add(part, "dailyElementalMgLow", mgPerDay(regimen.dailyElementalMgLow()));
        add(part, "dailyElementalMgHigh", mgPerDay(regimen.dailyElementalMgHigh()));
        if (!regimen.timesOfDay().isEmpty()) {
            add(part, "timing", timing(regimen.timesOfDay()));
        }
        if (regimen.start().isPresent() || regimen.end().isPresent()) {
            Period period = new Period();
            regimen.start().ifPresent(d -> period.setStartElement(new DateTimeType(d.toString())));
            regimen.end().ifPresent(d -> period.setEndElement(new DateTimeType(d.toString())));
            add(part, "period", period);
        }
        add(part, "amountBasis", new CodeType(regimen.amountBasis().code()));
        regimen.notes().forEach(note -> add(part, "note", new StringType(note)));
    }

    private static Timing timing(List<DoseTime> times) {
        Timing timing = new Timing();
        boolean hasEvents = times.stream().anyMatch(t -> t.event().isPresent());
        for (DoseTime time : times) {
            if (time.event().isPresent()) {
                timing.getRepeat().addWhen(time.event().get());
            } else if (!hasEvents) {
                String clock = time.clockTime().get().toString();
                timing.getRepeat().addTimeOfDay(clock.length() == 5 ? clock + ":00" : clock);
            }
        }
        return timing;
    }

    private static void unmapped(ParametersParameterComponent part, UnmappedStatement unmapped) {
        add(part, "source", new Reference(unmapped.sourceReference()));
        add(part, "reasonCode", new CodeType(unmapped.code().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        add(part, "reason", new StringType(unmapped.reason()));
        if (!unmapped.description().isBlank()) {
            add(part, "product", new StringType(unmapped.description()));
        }
    }

    private static void trend(ParametersParameterComponent part, SymptomTrend trend) {
        var instrument = trend.series().instrument();
        add(part, "instrument", new Coding(instrument.system(), instrument.code(), instrument.display()));
        add(part, "rangeLow", new DecimalType(instrument.min()));
        add(part, "rangeHigh", new DecimalType(instrument.max()));
        add(part, "direction", new CodeType(instrument.direction().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        for (ScorePoint point : trend.series().points()) {
            ParametersParameterComponent p = part.addPart().setName("point");
            add(p, "date", new DateType(point.date().toString()));
            add(p, "value", new DecimalType(point.value()));
            add(p, "source", new Reference(point.sourceReference()));
        }
        trend.responses().forEach(response -> response(part.addPart().setName("response"), response));
    }

    private static void response(ParametersParameterComponent part, RegimenResponse response) {
        add(part, "regimen", new Reference(response.regimenReference()));
        add(part, "regimenStart", new DateType(response.regimenStart().toString()));
        response.baseline().ifPresent(b -> {
            add(part, "baseline", new DecimalType(b.value()));
            add(part, "baselineDate", new DateType(b.date().toString()));
        });
        response.latest().ifPresent(l -> {
            add(part, "latest", new DecimalType(l.value()));
            add(part, "latestDate", new DateType(l.date().toString()));
        });
        response.change().ifPresent(c -> add(part, "change", new DecimalType(c)));
        response.minimalImportantDifference().ifPresent(m -> add(part, "minimalImportantDifference", new DecimalType(m)));
        add(part, "outcome", new CodeType(response.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        add(part, "statement", new StringType(RegimenSummaryService.RESPONSE_STANCE));
    }

    private static void lab(ParametersParameterComponent part, LabResult lab) {
        add(part, "analyte", new CodeType(lab.analyte().name().toLowerCase(Locale.ROOT).replace('_', '-')));
        add(part, "value", quantity(significant(lab.value()), lab.unit()));
        lab.referenceLow().ifPresent(v -> add(part, "referenceLow", quantity(significant(v), lab.unit())));
        lab.referenceHigh().ifPresent(v -> add(part, "referenceHigh", quantity(significant(v), lab.unit())));
        lab.referenceRangeSource().ifPresent(s -> add(part, "referenceRangeSource", new StringType(s)));
        add(part, "flag", new CodeType(lab.flag().name().toLowerCase(Locale.ROOT)));
        add(part, "date", new DateType(lab.date().toString()));
        add(part, "source", new Reference(lab.sourceReference()));
    }

    private static void unusedObservation(ParametersParameterComponent part, UnmappedObservation observation) {
        add(part, "source", new Reference(observation.sourceReference()));
        add(part, "reason", new StringType(observation.reason()));
    }

    private static void add(ParametersParameterComponent part, String name, Type value) {
        part.addPart().setName(name).setValue(value);
    }

    private static Quantity mg(BigDecimal value) {
        return quantity(round(value, 2), "mg");
    }

    private static Quantity mgPerDay(BigDecimal value) {
        return new Quantity().setValue(round(value, 2)).setUnit("mg/day").setSystem(UCUM).setCode("mg/d");
    }

    private static Quantity quantity(BigDecimal value, String ucumCode) {
        return new Quantity().setValue(value).setUnit(ucumCode).setSystem(UCUM).setCode(ucumCode);
    }

    /** Lab values converted between units carry many digits; four significant digits are more than any lab reports. */
    private static BigDecimal significant(BigDecimal value) {
        BigDecimal rounded = value.round(new java.math.MathContext(4, RoundingMode.HALF_UP)).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }

    private static BigDecimal round(BigDecimal value, int scale) {
        BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
