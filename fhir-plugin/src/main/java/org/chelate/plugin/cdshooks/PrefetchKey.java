package org.chelate.plugin.cdshooks;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.chelate.plugin.guidance.Input;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.LabCode;
import org.chelate.terminology.codes.LabCodes;
import org.chelate.terminology.codes.ScoreInstruments;

/** The prefetch keys every Chelate service declares, with their templates and the resource types they hold. */
public enum PrefetchKey {
    PATIENT("patient", "Patient/{{context.patientId}}", "Patient", Set.of(), Input.PATIENT),
    MEDICATION_STATEMENTS("medicationStatements",
            "MedicationStatement?patient={{context.patientId}}&_include=MedicationStatement:medication",
            "Bundle", Set.of("MedicationStatement", "Medication"), Input.MEDICATIONS),
    MEDICATION_REQUESTS("medicationRequests",
            "MedicationRequest?patient={{context.patientId}}&status=active&_include=MedicationRequest:medication",
            "Bundle", Set.of("MedicationRequest", "Medication"), Input.MEDICATIONS),
    OBSERVATIONS("observations", null, "Bundle", Set.of("Observation"), Input.OBSERVATIONS),
    CONDITIONS("conditions", "Condition?patient={{context.patientId}}&clinical-status=active", "Bundle",
            Set.of("Condition"), Input.CONDITIONS);

    static final String PREGNANCY_STATUS = ChelateSystems.LOINC + "|82810-3";

    private final String key;
    private final String template;
    private final String resourceType;
    private final Set<String> entryTypes;
    private final Input input;

    PrefetchKey(String key, String template, String resourceType, Set<String> entryTypes, Input input) {
        this.key = key;
        this.template = template;
        this.resourceType = resourceType;
        this.entryTypes = entryTypes;
        this.input = input;
    }

    public String key() {
        return key;
    }

    /** The FHIR query template (relative to fhirServer). */
    public String template() {
        if (this != OBSERVATIONS) {
            return template;
        }
        return "Observation?patient={{context.patientId}}&code=" + Holder.OBSERVATION_CODES;
    }

    /** Patient for the patient key, Bundle (a searchset) for the others. */
    public String resourceType() {
        return resourceType;
    }

    /** Resource types accepted inside the Bundle (entries of other types are a 400, OperationOutcome excepted). */
    public Set<String> entryTypes() {
        return entryTypes;
    }

    public Input input() {
        return input;
    }

    /** The query for one patient; the id is validated as a FHIR id before it is put in. */
    public String query(String patientId) {
        return template().replace("{{context.patientId}}", patientId);
    }

    /** What the key holds, in a clinician's words ("medication statements"). */
    static String describe(PrefetchKey key) {
        return switch (key) {
            case PATIENT -> "patient details";
            case MEDICATION_STATEMENTS -> "medication statements";
            case MEDICATION_REQUESTS -> "medication orders";
            case OBSERVATIONS -> "lab results and symptom scores";
            case CONDITIONS -> "conditions";
        };
    }

    private static final class Holder {
        /** Every standard lab and symptom-score code Chelate reads, plus pregnancy status. */
        static final String OBSERVATION_CODES = Stream.concat(
                        LabCodes.standard().all().stream().filter(c -> ChelateSystems.LOINC.equals(c.system()))
                                .map(LabCode::code).map(c -> ChelateSystems.LOINC + "|" + c),
                        ScoreInstruments.standard().all().stream().map(i -> i.system() + "|" + i.code()))
                .distinct()
                .collect(Collectors.joining(",")) + "," + PREGNANCY_STATUS;
    }
}
