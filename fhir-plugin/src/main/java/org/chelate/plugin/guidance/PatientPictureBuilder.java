package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.knowledge.PregnancyStatus;
import org.chelate.plugin.knowledge.Sex;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.observation.ObservationMapping;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.observation.ResponseCalculator;
import org.chelate.plugin.observation.ScoreSeries;
import org.chelate.plugin.patient.ClinicalConditions;
import org.chelate.plugin.patient.Conditions;
import org.chelate.plugin.patient.PatientStatusReader;
import org.chelate.plugin.regimen.DoseTime;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.plugin.regimen.RegimenMapping;
import org.chelate.terminology.codes.InteractingDrugs;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Timing;

/**
 * Turns the FHIR resources of a hook call into a {@link PatientPicture}, with the mapping engineer's
 * {@link RegimenMapper} and {@link ObservationMapper} and the terminology module's drug classes.
 *
 * <p>Age, sex, pregnancy and lactation are read by {@link PatientStatusReader}, as for the regimen summary; an unknown
 * pregnancy means non-pregnant limits, and the card says so.
 */
public final class PatientPictureBuilder {

    private static final int SLICE = 25;
    private static final Pattern SUPPLEMENT_PROBLEM = Pattern.compile("magnes|zinc|hypomag", Pattern.CASE_INSENSITIVE);

    private final RegimenMapper regimenMapper;
    private final ObservationMapper observationMapper;
    private final ResponseCalculator responses;
    private final InteractingDrugs drugs;
    private final BigDecimal maxPlausibleDailyMg;

    /**
     * @param maxPlausibleDailyMg above this many elemental mg a day a record is left out of the totals as impossible
     *                            and named on a card (input validation, not a clinical limit)
     */
    public PatientPictureBuilder(RegimenMapper regimenMapper, ObservationMapper observationMapper,
                                 ResponseCalculator responses, InteractingDrugs drugs, BigDecimal maxPlausibleDailyMg) {
        this.regimenMapper = regimenMapper;
        this.observationMapper = observationMapper;
        this.responses = responses;
        this.drugs = drugs;
        this.maxPlausibleDailyMg = maxPlausibleDailyMg;
    }

    public PatientPicture build(PatientRecord record) {
        return withObservations(withoutObservations(record), record);
    }

    /**
     * The picture without mapping the Observations (they are the slow part of a large record): rules needing them
     * are skipped, the others can already answer. Pregnancy status is still read from the Observations.
     */
    public PatientPicture withoutObservations(PatientRecord record) {
        Set<Input> unavailable = EnumSet.noneOf(Input.class);
        unavailable.addAll(record.unavailable());
        PatientProfile profile = profile(record, unavailable);
        // an impossible amount (a typo) is left out of the totals and named on a card; it never sinks the other cards
        RegimenMapping mapping = regimenMapper.map(record.statements(), record.requests(), record.medications())
                .withoutImplausible(maxPlausibleDailyMg);
        RegimenMapping drafts = record.draftOrders().isEmpty() ? new RegimenMapping(List.of(), List.of())
                : regimenMapper.map(List.of(), record.draftOrders(), record.medications())
                        .withoutImplausible(maxPlausibleDailyMg);
        unavailable.add(Input.OBSERVATIONS);
        Map<String, MedicationRequest> draftOrders = new LinkedHashMap<>();
        for (MedicationRequest mr : record.draftOrders()) {
            if (mr.hasIdElement() && mr.getIdElement().getIdPart() != null) {
                draftOrders.put("MedicationRequest/" + mr.getIdElement().getIdPart(), mr);
            }
        }
        RegimenMapping combined = new RegimenMapping(mapping.regimens(), concat(mapping.unmapped(), drafts.unmapped()));
        return new PatientPicture("Patient/" + record.patientId(), profile, record.date(), combined, drafts.regimens(),
                draftOrders, new ObservationMapping(List.of(), List.of(), List.of()), List.of(),
                interacting(record), supplementProblem(record.conditions()), record.orderContext(), unavailable,
                OrderFocus.ALL_DRAFTS, ClinicalConditions.read(record.conditions()));
    }

    /** Adds the mapped Observations (labs, scores, responses) to a picture made by {@link #withoutObservations}. */
    public PatientPicture withObservations(PatientPicture picture, PatientRecord record) {
        ObservationMapping observations = mapInSlices(record.observations());
        Set<Input> unavailable = EnumSet.noneOf(Input.class);
        unavailable.addAll(picture.unavailable());
        if (!record.unavailable().contains(Input.OBSERVATIONS)) {
            unavailable.remove(Input.OBSERVATIONS);
        }
        return new PatientPicture(picture.patientReference(), picture.profile(), picture.date(), picture.regimens(),
                picture.draftRegimens(), picture.draftOrders(), observations,
                responses(picture.regimens(), observations, picture.date()), picture.interactingMedications(),
                picture.supplementProblemActive(), picture.orderContext(), unavailable, picture.focus(),
                picture.conditions());
    }

    /**
     * Maps Observations a slice at a time and stops when the thread is interrupted (the call's budget ran out), so
     * that abandoned work does not hold a pool thread. Score series of the same instrument are joined across slices.
     */
    private ObservationMapping mapInSlices(List<Observation> observations) {
        if (observations.size() <= SLICE) {
            return observationMapper.map(observations);
        }
        // the points of each instrument are gathered across slices and sorted once, in ScoreSeries, at the end
        Map<String, ScoreSeries> series = new LinkedHashMap<>();
        Map<String, List<org.chelate.plugin.observation.ScorePoint>> points = new LinkedHashMap<>();
        List<org.chelate.plugin.observation.LabResult> labs = new ArrayList<>();
        List<org.chelate.plugin.observation.UnmappedObservation> unmapped = new ArrayList<>();
        for (int from = 0; from < observations.size(); from += SLICE) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("observation mapping abandoned: budget spent");
            }
            ObservationMapping part = observationMapper.map(observations.subList(from,
                    Math.min(observations.size(), from + SLICE)));
            labs.addAll(part.labs());
            unmapped.addAll(part.unmapped());
            for (ScoreSeries s : part.scores()) {
                String key = s.instrument().system() + "|" + s.instrument().code();
                series.putIfAbsent(key, s);
                points.computeIfAbsent(key, k -> new ArrayList<>()).addAll(s.points());
            }
        }
        List<ScoreSeries> joined = new ArrayList<>();
        series.forEach((key, first) -> joined.add(new ScoreSeries(first.instrument(), points.get(key))));
        return new ObservationMapping(joined, labs, unmapped);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static PatientProfile profile(PatientRecord record, Set<Input> unavailable) {
        var patient = record.patient();
        Optional<LocalDate> birth = PatientStatusReader.birthDate(patient);
        if (birth.isEmpty()) {
            unavailable.add(Input.PATIENT);
            return new PatientProfile(0, Sex.UNKNOWN, PregnancyStatus.UNKNOWN, false);
        }
        if (birth.get().isAfter(record.date())) {
            throw new ImplausibleRecordException("Patient.birthDate " + birth.get() + " is after the hook's date "
                    + record.date());
        }
        Sex sex = PatientStatusReader.sex(patient);
        PregnancyStatus pregnancy = PatientStatusReader.pregnancy(sex, record.observations(), record.conditions(),
                record.date());
        return PatientProfile.of(birth.get(), record.date(), sex, pregnancy,
                PatientStatusReader.lactating(sex, record.conditions()));
    }

    private static boolean supplementProblem(List<Condition> conditions) {
        return conditions.stream().filter(Conditions::active)
                .filter(c -> c.getCategory().stream().anyMatch(cat -> cat.getCoding().stream()
                        .anyMatch(x -> "problem-list-item".equals(x.getCode()))))
                .anyMatch(c -> Conditions.mentions(c.getCode(), SUPPLEMENT_PROBLEM));
    }

    private List<RegimenResponse> responses(RegimenMapping mapping, ObservationMapping observations, LocalDate date) {
        List<RegimenResponse> list = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (Regimen r : mapping.regimens()) {
            if (!r.isActiveOn(date) || r.start().isEmpty() || !seen.add(r.sourceReference())) {
                continue;
            }
            for (ScoreSeries series : observations.scores()) {
                list.add(responses.response(series, r.sourceReference(), r.start().get(), date));
            }
        }
        return list;
    }

    private List<InteractingMedication> interacting(PatientRecord record) {
        List<InteractingMedication> found = new ArrayList<>();
        for (MedicationStatement ms : record.statements()) {
            if (ms.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE
                    || ms.getStatus() == MedicationStatement.MedicationStatementStatus.INTENDED) {
                classify(ms, ms.hasMedicationCodeableConcept() ? ms.getMedicationCodeableConcept() : null,
                        ms.hasMedicationReference() ? ms.getMedicationReference() : null, ms.getDosage(), false,
                        record.medications()).ifPresent(found::add);
            }
        }
        for (MedicationRequest mr : record.requests()) {
            if (mr.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE) {
                classify(mr, mr.hasMedicationCodeableConcept() ? mr.getMedicationCodeableConcept() : null,
                        mr.hasMedicationReference() ? mr.getMedicationReference() : null, mr.getDosageInstruction(),
                        false, record.medications()).ifPresent(found::add);
            }
        }
        for (MedicationRequest mr : record.draftOrders()) {
            classify(mr, mr.hasMedicationCodeableConcept() ? mr.getMedicationCodeableConcept() : null,
                    mr.hasMedicationReference() ? mr.getMedicationReference() : null, mr.getDosageInstruction(), true,
                    record.medications()).ifPresent(found::add);
        }
        return found;
    }

    private Optional<InteractingMedication> classify(DomainResource resource, CodeableConcept concept, Reference ref,
                                                     List<Dosage> dosages, boolean beingOrdered,
                                                     Map<String, Medication> medications) {
        CodeableConcept code = concept;
        Optional<Medication> medication = ref == null ? Optional.empty() : medication(resource, ref, medications);
        if (code == null && ref != null) {
            code = medication.map(Medication::getCode).orElse(null);
        }
        if (code == null) {
            return Optional.empty();
        }
        Optional<InteractingDrugCode.Recognised> recognised = InteractingDrugCode.recognise(drugs, code,
                ref != null && ref.hasDisplay() ? ref.getDisplay() : "");
        if (recognised.isEmpty()) {
            return Optional.empty();
        }
        String name = recognised.get().name();
        String label = name.isBlank() ? recognised.get().drugClass().name().toLowerCase(Locale.ROOT) : name;
        List<String> texts = new ArrayList<>();
        texts.add(name);
        code.getCoding().stream().filter(Coding::hasDisplay).forEach(c -> texts.add(c.getDisplay()));
        dosages.stream().filter(Dosage::hasText).forEach(d -> texts.add(d.getText()));
        DrugRoute route = DrugRoute.read(dosages.stream().filter(Dosage::hasRoute).map(Dosage::getRoute).toList(),
                medication.filter(Medication::hasForm).map(Medication::getForm).orElse(null), texts);
        return Optional.of(new InteractingMedication(reference(resource), recognised.get().drugClass(), label,
                beingOrdered, times(dosages), recognised.get().drugCode(), route));
    }

    private static Optional<Medication> medication(DomainResource owner, Reference ref, Map<String, Medication> meds) {
        String r = ref.getReference();
        if (r == null) {
            return Optional.empty();
        }
        if (r.startsWith("#")) {
            for (Resource contained : owner.getContained()) {
                if (contained instanceof Medication m && r.substring(1).equals(m.getIdElement().getIdPart())) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
        String id = r.startsWith("Medication/") ? r.substring("Medication/".length()) : r;
        return Optional.ofNullable(meds.getOrDefault(id, meds.get("Medication/" + id)));
    }

    private static String reference(DomainResource resource) {
        String id = resource.getIdElement().getIdPart();
        return resource.fhirType() + "/" + (id == null ? "(no id)" : id);
    }

    static List<DoseTime> times(List<Dosage> dosages) {
        List<DoseTime> times = new ArrayList<>();
        for (Dosage d : dosages) {
            if (!d.hasTiming() || !d.getTiming().hasRepeat()) {
                continue;
            }
            Timing.TimingRepeatComponent repeat = d.getTiming().getRepeat();
            for (var when : repeat.getWhen()) {
                if (when.getValue() != null && when.getValue() != Timing.EventTiming.NULL) {
                    times.add(DoseTime.of(when.getValue()));
                }
            }
            for (TimeType t : repeat.getTimeOfDay()) {
                if (t.getValue() != null) {
                    try {
                        times.add(DoseTime.at(LocalTime.parse(t.getValue())));
                    } catch (java.time.format.DateTimeParseException e) {
                        // an unreadable time of day is simply not compared
                    }
                }
            }
        }
        return times;
    }
}
