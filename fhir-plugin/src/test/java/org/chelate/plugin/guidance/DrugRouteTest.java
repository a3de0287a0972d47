package org.chelate.plugin.guidance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a drug is given, from the route, the Medication's form, then the name and sig. */
class DrugRouteTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ciprofloxacin 400 MG in 200 ML Injection | OTHER",
        "levofloxacin 750 mg IV q24h | OTHER",
        "Moxifloxacin 0.5 % Ophthalmic Solution | OTHER",
        "ofloxacin otic 0.3 % | OTHER",
        "doxycycline hyclate 100 MG Oral Capsule | ORAL",
        "Promacta 12.5 mg for oral suspension | ORAL",
        "levothyroxine 50 mcg | NOT_RECORDED",
    })
    void fromText(String text, DrugRoute.Kind kind) {
        assertEquals(kind, DrugRoute.read(List.of(), null, List.of(text)).kind());
    }

    @ParameterizedTest
    @CsvSource({"47625008, OTHER", "78421000, OTHER", "54485002, OTHER", "26643006, ORAL"})
    void codedRouteWinsOverText(String snomed, DrugRoute.Kind kind) {
        CodeableConcept route = new CodeableConcept(new Coding("http://snomed.info/sct", snomed, null));
        assertEquals(kind, DrugRoute.read(List.of(route), null, List.of("ciprofloxacin 500 mg tablet IV")).kind());
    }

    @ParameterizedTest
    @CsvSource({"Injection, OTHER", "Film-coated tablet, ORAL", "Eye drops, OTHER"})
    void medicationFormIsRead(String form, DrugRoute.Kind kind) {
        CodeableConcept concept = new CodeableConcept(new Coding("http://snomed.info/sct", "0", form));
        assertEquals(kind, DrugRoute.read(List.of(), concept, List.of("ciprofloxacin")).kind());
        assertEquals(1, concept.getCoding().size(), "the record is not changed");
    }

    @ParameterizedTest
    @CsvSource({"''"})
    void emptyRouteIsNotRecordedAndLeftUnchanged(String nothing) {
        CodeableConcept empty = new CodeableConcept();
        DrugRoute r = DrugRoute.read(List.of(empty), empty, List.of(nothing));
        assertEquals(DrugRoute.Kind.NOT_RECORDED, r.kind());
        assertTrue(r.oral(), "nothing recorded is read as oral");
        assertTrue(empty.getCoding().isEmpty(), "reading adds no coding to the record");
    }
}
