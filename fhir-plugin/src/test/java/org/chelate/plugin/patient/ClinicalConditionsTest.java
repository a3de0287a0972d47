package org.chelate.plugin.patient;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClinicalConditionsTest {

    private static Condition condition(String system, String code, String text, String clinicalStatus) {
        Condition c = new Condition();
        CodeableConcept concept = new CodeableConcept();
        if (system != null) {
            concept.addCoding(new Coding(system, code, null));
        }
        concept.setText(text);
        c.setCode(concept);
        if (clinicalStatus != null) {
            c.setClinicalStatus(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/condition-clinical", clinicalStatus, null)));
        }
        return c;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "http://snomed.info/sct | 88518009 | - | active | WILSON_DISEASE",
        "http://hl7.org/fhir/sid/icd-10-cm | E83.01 | - | - | WILSON_DISEASE",
        "http://hl7.org/fhir/sid/icd-10 | E8301 | - | active | WILSON_DISEASE",
        "- | - | Wilson disease | active | WILSON_DISEASE",
        "- | - | Hepatolenticular degeneration | active | WILSON_DISEASE",
        "http://snomed.info/sct | 66978005 | - | active | HYPERMAGNESAEMIA",
        "http://hl7.org/fhir/sid/icd-10-cm | E83.41 | - | active | HYPERMAGNESAEMIA",
        "- | - | Toxic effect of zinc and its compounds | active | ZINC_TOXICITY",
        "http://hl7.org/fhir/sid/icd-10-cm | E61.0 | - | active | COPPER_DEFICIENCY",
        "- | - | Chronic kidney disease, stage 5 | active | SEVERE_CKD",
        "- | - | CKD G4 | active | SEVERE_CKD",
        "http://hl7.org/fhir/sid/icd-10-cm | N18.6 | - | active | SEVERE_CKD",
        "- | - | ESRD on hemodialysis | active | SEVERE_CKD",
    })
    void readsCodesAndText(String system, String code, String text, String status, ClinicalCondition expected) {
        assertEquals(Set.of(expected), ClinicalConditions.read(List.of(condition(system, code, text, status))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "- | - | Chronic kidney disease stage 3b | active",
        "- | - | Hypomagnesemia | active",
        "http://snomed.info/sct | 88518009 | - | resolved",
        "http://hl7.org/fhir/sid/icd-10-cm | N18.3 | - | active",
    })
    void otherOrInactiveProblemsAreNotRead(String system, String code, String text, String status) {
        assertEquals(Set.of(), ClinicalConditions.read(List.of(condition(system, code, text, status))));
    }
}
