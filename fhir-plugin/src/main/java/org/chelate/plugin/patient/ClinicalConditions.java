package org.chelate.plugin.patient;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;

/** Reads the {@link ClinicalCondition}s of a patient's active Conditions (problem list or encounter diagnoses). */
public final class ClinicalConditions {

    private static final String SNOMED = "http://snomed.info/sct";

    private ClinicalConditions() {
    }

    public static Set<ClinicalCondition> read(List<Condition> conditions) {
        Set<ClinicalCondition> found = EnumSet.noneOf(ClinicalCondition.class);
        for (Condition c : conditions) {
            if (!Conditions.active(c) || !c.hasCode()) {
                continue;
            }
            for (ClinicalCondition kind : ClinicalCondition.values()) {
                if (!found.contains(kind) && (coded(c.getCode(), kind) || Conditions.mentions(c.getCode(), kind.text()))) {
                    found.add(kind);
                }
            }
        }
        return found.isEmpty() ? Set.of() : Set.copyOf(found);
    }

    private static boolean coded(CodeableConcept concept, ClinicalCondition kind) {
        for (Coding coding : concept.getCoding()) {
            if (coding.getCode() == null || coding.getSystem() == null) {
                continue;
            }
            String system = coding.getSystem().trim();
            String code = coding.getCode().trim().toUpperCase(Locale.ROOT);
            if (SNOMED.equals(system) && kind.matchesSnomed(code)) {
                return true;
            }
            // ICD-10-CM (http://hl7.org/fhir/sid/icd-10-cm) and WHO ICD-10 (http://hl7.org/fhir/sid/icd-10)
            if (system.startsWith("http://hl7.org/fhir/sid/icd-10") && kind.matchesIcd10(code)) {
                return true;
            }
        }
        return false;
    }
}
