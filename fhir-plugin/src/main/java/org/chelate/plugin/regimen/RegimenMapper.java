package org.chelate.plugin.regimen;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.SupplementCodes;
import org.chelate.terminology.salt.SaltTable;
import org.chelate.terminology.text.SupplementTextRecogniser;
import org.chelate.terminology.units.UnitConverter;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps MedicationStatements and MedicationRequests to {@link Regimen}s, one per mineral and Dosage. A record that
 * gives none is reported in {@link RegimenMapping#unmapped()} with the reason. Thread-safe; share one instance.
 *
 * <p>The rules (see docs/regimen-summary.md): the product's minerals come from a contained or referenced Medication
 * (ingredients and their strengths, else its code), the medication code, or text; the dose from
 * {@code doseQuantity}/{@code doseRange} (mass, mmol, or a count of units times the per-unit strength); the frequency
 * from {@code Timing.repeat}, {@code Timing.code} or the sig text; the dates from the effective period (statement),
 * the timing bounds, or {@code authoredOn} (request).
 */
public final class RegimenMapper {

    private static final Logger LOG = LoggerFactory.getLogger(RegimenMapper.class);
    private static final Set<MedicationRequestIntent> ORDER_INTENTS = Set.of(MedicationRequestIntent.ORDER,
            MedicationRequestIntent.ORIGINALORDER, MedicationRequestIntent.REFLEXORDER,
            MedicationRequestIntent.FILLERORDER, MedicationRequestIntent.INSTANCEORDER);

    private final ProductResolver products;
    private final DoseCalculator doses;

    public RegimenMapper() {
        this(SupplementCodes.standard(), SaltTable.standard(), SupplementTextRecogniser.standard(),
                UnitConverter.standard(), InteractingDrugs.standard());
    }

    public RegimenMapper(SupplementCodes codes, SaltTable salts, SupplementTextRecogniser recogniser,
            UnitConverter units, InteractingDrugs interactingDrugs) {
        this.products = new ProductResolver(codes, recogniser, interactingDrugs, LabelProducts.standard());
        this.doses = new DoseCalculator(salts, units);
    }

    /** Statements only, medications contained or resolved on the references themselves. */
    public RegimenMapping map(List<MedicationStatement> statements) {
        return map(statements, List.of(), Map.of());
    }

    /**
     * @param statements MedicationStatements of one patient
     * @param requests   MedicationRequests of the same patient (orders); a request that a statement names in
     *                   {@code basedOn} is reported as recorded by that statement, not counted twice
     * @param referenced Medications the records reference, keyed by reference ("Medication/123", "123" or a
     *                   full URL); contained ones are found in the record itself
     */
    public RegimenMapping map(List<MedicationStatement> statements, List<MedicationRequest> requests,
            Map<String, Medication> referenced) {
        List<Regimen> regimens = new ArrayList<>();
        List<UnmappedStatement> unmapped = new ArrayList<>();
        Set<String> requestsRecordedByStatements = new HashSet<>();
        int index = 0;
        for (MedicationStatement statement : statements) {
            SourceRecord record = SourceRecord.of(statement, index++);
            statement.getBasedOn().stream().map(Reference::getReference).filter(r -> r != null)
                    .forEach(r -> requestsRecordedByStatements.add(new org.hl7.fhir.r4.model.IdType(r).toUnqualifiedVersionless().getValue()));
            mapRecord(record, referenced, regimens, unmapped);
        }
        index = 0;
        for (MedicationRequest request : requests) {
            SourceRecord record = SourceRecord.of(request, index++);
            if (requestsRecordedByStatements.contains(record.reference())) {
                unmapped.add(new UnmappedStatement(record.reference(), UnmappedReason.RECORDED_BY_STATEMENT,
                        "the patient's MedicationStatement for this order (basedOn) is counted instead", ""));
                continue;
            }
            mapRecord(record, referenced, regimens, unmapped);
        }
        return PossibleDuplicates.countOnce(regimens, unmapped);
    }

    /** Maps one record; convenient for a single draft order (CDS Hooks order-select / order-sign). */
    public RegimenMapping map(MedicationRequest request, Map<String, Medication> referenced) {
        return map(List.of(), List.of(request), referenced);
    }

    private void mapRecord(SourceRecord record, Map<String, Medication> referenced, List<Regimen> regimens,
            List<UnmappedStatement> unmapped) {
        String description = fallbackDescription(record.medication());
        try {
            if (!record.hasSubject()) {
                throw new MappingProblem(UnmappedReason.MISSING_SUBJECT, "the record names no patient (subject is empty)");
            }
            List<String> dosageTexts = record.dosages().stream().map(Dosage::getText).filter(t -> t != null && !t.isBlank()).toList();
            if (IntranasalZinc.applies(productTexts(record.medication(), dosageTexts), record.dosages())) {
                throw new MappingProblem(UnmappedReason.INTRANASAL_ZINC, "zinc given in the nose is not an oral dose: "
                        + "not counted as intake", List.of(org.chelate.terminology.Mineral.ZINC));
            }
            Product product = products.resolve(record.medication(), record.resource(), referenced, dosageTexts);
            description = product.description();
            if (record.dosages().isEmpty()) {
                throw new MappingProblem(UnmappedReason.MISSING_DOSE, "no dosage recorded");
            }
            List<Regimen> fromRecord = new ArrayList<>();
            boolean sequential = record.dosages().stream().filter(Dosage::hasSequence).map(Dosage::getSequence).distinct().count() > 1;
            for (Dosage dosage : record.dosages()) {
                Schedule schedule = TimingReader.read(dosage, List.of(description));
                for (ProductComponent component : product.components()) {
                    fromRecord.add(regimen(record, product, component, dosage, schedule, sequential));
                }
            }
            regimens.addAll(fromRecord);
        } catch (MappingProblem problem) {
            unmapped.add(new UnmappedStatement(record.reference(), problem.reason(), problem.getMessage(), description,
                    problem.minerals()));
        } catch (RuntimeException unexpected) {
            // a record the rules did not foresee must not break the patient's whole summary
            LOG.warn("cannot map {}: {}", record.reference(), unexpected.toString());
            unmapped.add(new UnmappedStatement(record.reference(), UnmappedReason.INVALID_VALUE,
                    "the record could not be read: " + unexpected.getMessage(), description));
        }
    }

    private Regimen regimen(SourceRecord record, Product product, ProductComponent component, Dosage dosage,
            Schedule schedule, boolean sequential) {
        Dose dose = doses.perDose(component, product, dosage);
        List<String> notes = new ArrayList<>(record.notes());
        notes.addAll(product.notes());
        notes.addAll(dose.notes());
        notes.addAll(schedule.notes());
        if (sequential) {
            notes.add("one of several sequential dosage instructions (Dosage.sequence " + dosage.getSequence() + ")");
        }
        Optional<LocalDate> start = schedule.boundsStart().or(record::start);
        Optional<LocalDate> end = schedule.boundsEnd().or(record::end);
        if (end.isEmpty() && start.isPresent()) {
            Optional<Long> days = TimingReader.durationDays(dosage);
            if (days.isPresent()) {
                end = Optional.of(start.get().plusDays(days.get() - 1));
            }
        }
        if (start.isPresent() && end.isPresent() && end.get().isBefore(start.get())) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "ends (" + end.get() + ") before it starts (" + start.get() + ")");
        }
        return new Regimen(record.reference(), record.kind(), component.mineral(), component.salt(),
                dose.elementalLow(), dose.elementalHigh(), dose.compoundLow(),
                schedule.dosesPerDayLow(), schedule.dosesPerDayHigh(), schedule.times(),
                start, end, record.status(), dose.basis(), product.description(), notes);
    }

    private static List<String> productTexts(Type medication, List<String> dosageTexts) {
        List<String> texts = new ArrayList<>(dosageTexts);
        if (medication instanceof org.hl7.fhir.r4.model.CodeableConcept concept) {
            texts.add(concept.getText());
            concept.getCoding().forEach(c -> texts.add(c.getDisplay()));
        } else if (medication instanceof Reference reference) {
            texts.add(reference.getDisplay());
            if (reference.getResource() instanceof Medication m && m.hasCode()) {
                texts.add(ProductResolver.describe(m.getCode()));
            }
        }
        return texts;
    }

    private static String fallbackDescription(Type medication) {
        if (medication instanceof org.hl7.fhir.r4.model.CodeableConcept concept) {
            return ProductResolver.describe(concept);
        }
        if (medication instanceof Reference reference && reference.hasDisplay()) {
            return reference.getDisplay();
        }
        return "";
    }

    /** What the mapper needs of a MedicationStatement or MedicationRequest. */
    private record SourceRecord(String reference, RecordKind kind, DomainResource resource, boolean hasSubject,
                                Type medication, List<Dosage> dosages, RegimenStatus status,
                                Optional<LocalDate> start, Optional<LocalDate> end, List<String> notes) {

        static SourceRecord of(MedicationStatement statement, int index) {
            String reference = reference(statement, "MedicationStatement", index);
            Optional<LocalDate> start = Optional.empty();
            Optional<LocalDate> end = Optional.empty();
            if (statement.hasEffectivePeriod()) {
                start = Dates.firstDay(statement.getEffectivePeriod().getStartElement());
                end = Dates.lastDay(statement.getEffectivePeriod().getEndElement());
            } else if (statement.hasEffectiveDateTimeType()) {
                start = Dates.firstDay(statement.getEffectiveDateTimeType());
                RegimenStatus status = RegimenStatus.fromCode(statement.getStatusElement().getValueAsString());
                if (status == RegimenStatus.COMPLETED || status == RegimenStatus.STOPPED) {
                    end = Dates.lastDay(statement.getEffectiveDateTimeType());
                }
            }
            return new SourceRecord(reference, RecordKind.MEDICATION_STATEMENT, statement, statement.hasSubject(),
                    statement.getMedication(), statement.getDosage(),
                    RegimenStatus.fromCode(statement.getStatusElement().getValueAsString()), start, end, List.of());
        }

        static SourceRecord of(MedicationRequest request, int index) {
            String reference = reference(request, "MedicationRequest", index);
            RegimenStatus status = RegimenStatus.fromCode(request.getStatusElement().getValueAsString());
            List<String> notes = new ArrayList<>();
            if (request.hasIntent() && !ORDER_INTENTS.contains(request.getIntent())) {
                notes.add("a " + request.getIntent().toCode() + ", not an order: not counted as taken");
                if (status == RegimenStatus.ACTIVE) {
                    status = RegimenStatus.DRAFT;
                }
            }
            Optional<LocalDate> start = request.hasAuthoredOn() ? Dates.firstDay(request.getAuthoredOnElement()) : Optional.empty();
            return new SourceRecord(reference, RecordKind.MEDICATION_REQUEST, request, request.hasSubject(),
                    request.getMedication(), request.getDosageInstruction(), status, start, Optional.empty(), notes);
        }

        private static String reference(DomainResource resource, String type, int index) {
            if (resource.getIdElement().hasIdPart()) {
                return type + "/" + resource.getIdElement().getIdPart();
            }
            return type + "[" + index + "]";
        }
    }
}
