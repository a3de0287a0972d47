package org.chelate.plugin.guidance;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.chelate.plugin.knowledge.PatientProfile;
import org.chelate.plugin.observation.ObservationMapping;
import org.chelate.plugin.observation.RegimenResponse;
import org.chelate.plugin.patient.ClinicalCondition;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.RegimenMapping;
import org.chelate.terminology.Mineral;
import org.hl7.fhir.r4.model.MedicationRequest;

/**
 * Everything the rules look at, for one patient on one date.
 *
 * @param patientReference        e.g. "Patient/123"
 * @param profile                 age, sex, pregnancy, lactation
 * @param date                    the hook's date
 * @param regimens                supplement regimens mapped from the record (statements and active orders)
 * @param draftRegimens           supplement regimens of the draft orders of this call (counted as if active)
 * @param draftOrders             the draft MedicationRequests of this call, by relative reference
 * @param observations            labs and symptom scores
 * @param responses               symptom response per regimen and instrument
 * @param interactingMedications  drugs of interacting classes, active or being ordered
 * @param supplementProblemActive an active problem-list entry about magnesium or zinc
 * @param orderContext            the hook is about orders (order-select, order-sign)
 * @param unavailable             inputs that could not be obtained in time; rules needing them are skipped
 * @param focus                   which draft orders the guidance is about (order-select: the selected ones)
 * @param conditions              active problems that change guidance (Wilson disease, hypermagnesaemia, ...)
 */
public record PatientPicture(String patientReference, PatientProfile profile, LocalDate date, RegimenMapping regimens,
                             List<Regimen> draftRegimens, Map<String, MedicationRequest> draftOrders,
                             ObservationMapping observations, List<RegimenResponse> responses,
                             List<InteractingMedication> interactingMedications, boolean supplementProblemActive,
                             boolean orderContext, Set<Input> unavailable, OrderFocus focus,
                             Set<ClinicalCondition> conditions) {

    /** A picture whose guidance is about every draft order ({@link OrderFocus#ALL_DRAFTS}). */
    public PatientPicture(String patientReference, PatientProfile profile, LocalDate date, RegimenMapping regimens,
                          List<Regimen> draftRegimens, Map<String, MedicationRequest> draftOrders,
                          ObservationMapping observations, List<RegimenResponse> responses,
                          List<InteractingMedication> interactingMedications, boolean supplementProblemActive,
                          boolean orderContext, Set<Input> unavailable) {
        this(patientReference, profile, date, regimens, draftRegimens, draftOrders, observations, responses,
                interactingMedications, supplementProblemActive, orderContext, unavailable, OrderFocus.ALL_DRAFTS,
                Set.of());
    }

    public PatientPicture {
        Objects.requireNonNull(patientReference, "patientReference");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(regimens, "regimens");
        Objects.requireNonNull(observations, "observations");
        draftRegimens = List.copyOf(draftRegimens);
        draftOrders = Map.copyOf(draftOrders);
        responses = List.copyOf(responses);
        interactingMedications = List.copyOf(interactingMedications);
        unavailable = unavailable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(unavailable));
        Objects.requireNonNull(focus, "focus");
        conditions = Set.copyOf(conditions);
    }

    /** The same picture with its guidance about the given draft orders. */
    public PatientPicture withFocus(OrderFocus newFocus) {
        return new PatientPicture(patientReference, profile, date, regimens, draftRegimens, draftOrders, observations,
                responses, interactingMedications, supplementProblemActive, orderContext, unavailable, newFocus,
                conditions);
    }

    /** On order-select, guidance is about the selected orders only. */
    public boolean selectionOnly() {
        return focus.selectionOnly();
    }

    /** The draft regimens the guidance is about: the selected ones on order-select, all of them otherwise. */
    public List<Regimen> draftRegimensInFocus() {
        return draftRegimens.stream().filter(r -> focus.inFocus(r.sourceReference())).toList();
    }

    /**
     * Whether guidance about this mineral concerns the call: always, except on order-select, where a selected draft
     * must supply it.
     */
    public boolean concerns(Mineral mineral) {
        return !focus.selectionOnly() || draftRegimensInFocus().stream().anyMatch(r -> r.mineral() == mineral);
    }

    /** Whether the patient has this active problem (read only when the Conditions were obtained). */
    public boolean has(ClinicalCondition condition) {
        return conditions.contains(condition);
    }

    /** Regimens taken on the date plus those being ordered. */
    public List<Regimen> currentRegimens() {
        List<Regimen> active = regimens.regimens().stream().filter(r -> r.isActiveOn(date)).toList();
        return java.util.stream.Stream.concat(active.stream(), draftRegimens.stream()).toList();
    }
}
