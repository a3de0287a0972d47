package org.chelate.plugin.guidance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.observation.ObservationMapper;
import org.chelate.plugin.observation.ResponseCalculator;
import org.chelate.plugin.regimen.RegimenMapper;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.LabCodes;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/** A patient's record for one hook call, run through the real mappers and the guidance engine. */
public final class Scenario {

    public static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    private final Patient patient;
    private final List<MedicationStatement> statements = new ArrayList<>();
    private final List<MedicationRequest> requests = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private final List<MedicationRequest> drafts = new ArrayList<>();
    private final Set<Input> unavailable = EnumSet.noneOf(Input.class);
    private boolean orderContext;

    private Scenario(Patient patient) {
        this.patient = patient;
    }

    public static Scenario of(Patient patient) {
        return new Scenario(patient);
    }

    public Scenario with(MedicationStatement... s) {
        statements.addAll(List.of(s));
        return this;
    }

    public Scenario request(MedicationRequest... r) {
        requests.addAll(List.of(r));
        return this;
    }

    public Scenario with(Observation... o) {
        observations.addAll(List.of(o));
        return this;
    }

    public Scenario with(Condition... c) {
        conditions.addAll(List.of(c));
        return this;
    }

    public Scenario ordering(MedicationRequest... d) {
        drafts.addAll(List.of(d));
        orderContext = true;
        return this;
    }

    public Scenario without(Input input) {
        unavailable.add(input);
        return this;
    }

    public PatientRecord record() {
        return new PatientRecord(Fhir.PATIENT_ID, patient, statements, requests, observations, conditions, Map.of(),
                drafts, TODAY, orderContext, unavailable);
    }

    public static PatientPictureBuilder builder() {
        return new PatientPictureBuilder(new RegimenMapper(), new ObservationMapper(), new ResponseCalculator(Map.of()),
                InteractingDrugs.standard(), new BigDecimal("100000"));
    }

    public PatientPicture picture() {
        return builder().build(record());
    }

    public List<Finding> run() {
        return run(KnowledgePack.loadDefault());
    }

    public List<Finding> run(KnowledgePack pack) {
        return run(pack, LabCodes.standard());
    }

    public List<Finding> run(KnowledgePack pack, LabCodes labCodes) {
        return new GuidanceEngine(pack, labCodes).evaluate(picture());
    }
}
