package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Locale;
import java.util.stream.Collectors;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.salt.Salt;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Dosage.DosageDoseAndRateComponent;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Timing.TimingRepeatComponent;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;

/**
 * Builds a MedicationStatement or MedicationRequest from a {@link Regimen} (reverse mapping, e.g. for CDS suggestions).
 * Mapping the result back gives the same mineral, salt, elemental amounts, doses a day, times and dates.
 *
 * <p>The product is coded in the Chelate supplement code system (the salt when known, else the mineral). A regimen
 * converted from a salt weight is written as that salt weight; any other regimen with a salt is written in elemental
 * mg with the dose-basis extension set to {@code elemental}, so no rounding through the salt's fraction happens.
 */
public final class RegimenWriter {

    public static final String SUPPLEMENT_STATEMENT_PROFILE =
            "http://chelate.org/fhir/StructureDefinition/chelate-supplement-medicationstatement";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final int MAX_PERIOD_DAYS = 28;

    private final SaltTable salts;

    public RegimenWriter() {
        this(SaltTable.standard());
    }

    public RegimenWriter(SaltTable salts) {
        this.salts = salts;
    }

    /** A MedicationStatement (profile chelate-supplement-medicationstatement) for the patient, e.g. "Patient/123". */
    public MedicationStatement toMedicationStatement(Regimen regimen, String patientReference) {
        MedicationStatement statement = new MedicationStatement();
        statement.getMeta().addProfile(SUPPLEMENT_STATEMENT_PROFILE);
        statement.setStatus(statementStatus(regimen.status()));
        statement.setSubject(new Reference(patientReference));
        statement.setMedication(medication(regimen));
        if (regimen.start().isPresent() || regimen.end().isPresent()) {
            Period period = new Period();
            regimen.start().ifPresent(d -> period.setStartElement(date(d)));
            regimen.end().ifPresent(d -> period.setEndElement(date(d)));
            statement.setEffective(period);
        }
        statement.addDosage(dosage(regimen));
        return statement;
    }

    /** An active order for the patient. */
    public MedicationRequest toMedicationRequest(Regimen regimen, String patientReference) {
        return toMedicationRequest(regimen, patientReference, MedicationRequestStatus.ACTIVE, MedicationRequestIntent.ORDER);
    }

    /** A MedicationRequest with the given status and intent; start/end go to the dosage timing's boundsPeriod. */
    public MedicationRequest toMedicationRequest(Regimen regimen, String patientReference, MedicationRequestStatus status,
            MedicationRequestIntent intent) {
        MedicationRequest request = new MedicationRequest();
        request.setStatus(status);
        request.setIntent(intent);
        request.setSubject(new Reference(patientReference));
        request.setMedication(medication(regimen));
        Dosage dosage = dosage(regimen);
        if (regimen.start().isPresent() || regimen.end().isPresent()) {
            Period bounds = new Period();
            regimen.start().ifPresent(d -> bounds.setStartElement(date(d)));
            regimen.end().ifPresent(d -> bounds.setEndElement(date(d)));
            dosage.getTiming().getRepeat().setBounds(bounds);
        }
        request.addDosageInstruction(dosage);
        return request;
    }

    private CodeableConcept medication(Regimen regimen) {
        CodeableConcept concept = new CodeableConcept();
        if (regimen.salt().isPresent()) {
            Salt salt = regimen.salt().get();
            concept.addCoding().setSystem(ChelateSystems.SUPPLEMENT).setCode(salt.code()).setDisplay(salt.display());
        } else {
            String mineral = regimen.mineral().name().toLowerCase(Locale.ROOT);
            concept.addCoding().setSystem(ChelateSystems.SUPPLEMENT).setCode(mineral).setDisplay(mineral);
        }
        concept.setText(regimen.description().isBlank() ? concept.getCodingFirstRep().getDisplay() : regimen.description());
        return concept;
    }

    private Dosage dosage(Regimen regimen) {
        Dosage dosage = new Dosage();
        boolean writeCompound = writesCompound(regimen);
        DosageDoseAndRateComponent doseAndRate = dosage.addDoseAndRate();
        if (writeCompound) {
            doseAndRate.setDose(mg(regimen.compoundMgPerDose().orElseThrow()));
        } else {
            if (regimen.salt().isPresent()) {
                dosage.addExtension(ChelateExtensions.DOSE_BASIS, new CodeType(ChelateExtensions.BASIS_ELEMENTAL));
            }
            if (regimen.elementalMgPerDoseLow().compareTo(regimen.elementalMgPerDoseHigh()) == 0) {
                doseAndRate.setDose(mg(regimen.elementalMgPerDoseLow()));
            } else {
                doseAndRate.setDose(new Range().setLow(mg(regimen.elementalMgPerDoseLow())).setHigh(mg(regimen.elementalMgPerDoseHigh())));
            }
        }
        dosage.setTiming(timing(regimen));
        if (regimen.dosesPerDayLow().signum() == 0) {
            dosage.setAsNeeded(new org.hl7.fhir.r4.model.BooleanType(true));
        }
        dosage.setText(sig(regimen));
        return dosage;
    }

    /** The salt weight is written only when it converts exactly back to the regimen's elemental amount. */
    private boolean writesCompound(Regimen regimen) {
        if (regimen.amountBasis() != AmountBasis.CONVERTED_FROM_SALT || regimen.salt().isEmpty()
                || regimen.compoundMgPerDose().isEmpty()
                || regimen.elementalMgPerDoseLow().compareTo(regimen.elementalMgPerDoseHigh()) != 0) {
            return false;
        }
        BigDecimal back = salts.elementalMilligrams(regimen.salt().get(), regimen.compoundMgPerDose().get());
        return back.compareTo(regimen.elementalMgPerDoseLow()) == 0;
    }

    private static Timing timing(Regimen regimen) {
        Timing timing = new Timing();
        TimingRepeatComponent repeat = timing.getRepeat();
        BigDecimal high = regimen.dosesPerDayHigh();
        BigDecimal low = regimen.dosesPerDayLow().signum() == 0 ? high : regimen.dosesPerDayLow();
        int periodDays = commonPeriod(low, high);
        BigDecimal frequencyLow = low.multiply(BigDecimal.valueOf(periodDays));
        BigDecimal frequencyHigh = high.multiply(BigDecimal.valueOf(periodDays));
        repeat.setFrequency(frequencyLow.setScale(0, RoundingMode.HALF_UP).intValueExact());
        if (frequencyHigh.compareTo(frequencyLow) != 0) {
            repeat.setFrequencyMax(frequencyHigh.setScale(0, RoundingMode.HALF_UP).intValueExact());
        }
        if (periodDays % 7 == 0) {
            repeat.setPeriod(BigDecimal.valueOf(periodDays / 7)).setPeriodUnit(UnitsOfTime.WK);
        } else {
            repeat.setPeriod(BigDecimal.valueOf(periodDays)).setPeriodUnit(UnitsOfTime.D);
        }
        boolean hasEvents = regimen.timesOfDay().stream().anyMatch(t -> t.event().isPresent());
        for (DoseTime time : regimen.timesOfDay()) {
            // Timing may not carry both when and timeOfDay (tim-10): events win, clock times then go to the text only
            if (time.event().isPresent()) {
                repeat.addWhen(time.event().get());
            } else if (!hasEvents) {
                repeat.addTimeOfDay(time.clockTime().get().toString() + (time.clockTime().get().getSecond() == 0 ? ":00" : ""));
            }
        }
        return timing;
    }

    /** The smallest period in days (up to four weeks) in which both frequencies are whole numbers of doses. */
    private static int commonPeriod(BigDecimal low, BigDecimal high) {
        for (int days = 1; days <= MAX_PERIOD_DAYS; days++) {
            if (isWhole(low.multiply(BigDecimal.valueOf(days))) && isWhole(high.multiply(BigDecimal.valueOf(days)))) {
                return days;
            }
        }
        return 1;
    }

    private static boolean isWhole(BigDecimal value) {
        BigDecimal rounded = value.setScale(0, RoundingMode.HALF_UP);
        return value.subtract(rounded).abs().compareTo(new BigDecimal("0.000001")) < 0 && rounded.signum() > 0;
    }

    private static Quantity mg(BigDecimal value) {
        return new Quantity().setValue(value.stripTrailingZeros().scale() < 0 ? value.setScale(0) : value.stripTrailingZeros())
                .setUnit("mg").setSystem(UCUM).setCode("mg");
    }

    private static DateTimeType date(LocalDate day) {
        return new DateTimeType(day.toString());
    }

    private static String sig(Regimen regimen) {
        String product = regimen.salt().map(Salt::display).orElse(regimen.mineral().name().toLowerCase(Locale.ROOT));
        String mineral = regimen.mineral().name().toLowerCase(Locale.ROOT);
        String amount = range(regimen.elementalMgPerDoseLow(), regimen.elementalMgPerDoseHigh()) + " mg elemental " + mineral;
        String compound = regimen.compoundMgPerDose().filter(c -> regimen.salt().isPresent())
                .map(c -> " (" + plain(c) + " mg " + product + ")").orElse("");
        String perDay = range(regimen.dosesPerDayLow(), regimen.dosesPerDayHigh()) + " time(s) a day";
        String times = regimen.timesOfDay().isEmpty() ? ""
                : " at " + regimen.timesOfDay().stream().map(DoseTime::label).collect(Collectors.joining(", "));
        return product + ": " + amount + compound + " per dose, " + perDay + times;
    }

    private static String range(BigDecimal low, BigDecimal high) {
        return low.compareTo(high) == 0 ? plain(low) : plain(low) + "–" + plain(high);
    }

    private static String plain(BigDecimal value) {
        return value.round(MathContext.DECIMAL32).setScale(Math.min(2, Math.max(0, value.stripTrailingZeros().scale())), RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    private static MedicationStatementStatus statementStatus(RegimenStatus status) {
        return switch (status) {
            case ACTIVE -> MedicationStatementStatus.ACTIVE;
            case INTENDED, DRAFT -> MedicationStatementStatus.INTENDED;
            case ON_HOLD -> MedicationStatementStatus.ONHOLD;
            case COMPLETED -> MedicationStatementStatus.COMPLETED;
            case STOPPED, CANCELLED -> MedicationStatementStatus.STOPPED;
            case NOT_TAKEN -> MedicationStatementStatus.NOTTAKEN;
            case ENTERED_IN_ERROR -> MedicationStatementStatus.ENTEREDINERROR;
            case UNKNOWN -> MedicationStatementStatus.UNKNOWN;
        };
    }
}
