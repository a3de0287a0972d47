package org.chelate.plugin.guidance;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.draftOrder;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Fhir.statement;
import static org.chelate.plugin.guidance.Scenario.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;

/** Records the totals leave out on purpose each get a card whose summary keeps its action within 140 characters. */
class UncountedRecordsRuleTest {

    private static final String LONG = "Extra long brand name for a product with many words in it, sold in 120s";

    private static Scenario adult() {
        return Scenario.of(patient("1980-03-01", AdministrativeGender.FEMALE));
    }

    private static Optional<Finding> find(List<Finding> findings, CardType type) {
        return findings.stream().filter(f -> f.type() == type).findFirst();
    }

    @Test
    void aMultivitaminIsListedNotCountedWithTheActionInTheSummary() {
        List<Finding> f = adult().with(statement("v", "Centrum Silver multivitamin " + LONG, "1", 1, TODAY.minusDays(5)))
                .run();
        Finding card = find(f, CardType.NOT_COUNTED).orElseThrow();
        assertEquals(Severity.INFO, card.severity());
        assertTrue(card.summary().endsWith("record its label amount"), card.summary());
        assertTrue(card.summary().contains("may contain magnesium and zinc"), card.summary());
        assertTrue(find(f, CardType.UNREADABLE_RECORDS).isEmpty(), "named once, on its own card");
    }

    @Test
    void intranasalZincIsAWarningAndNeverIntake() {
        List<Finding> f = adult().with(statement("n", "Zinc nasal gel " + LONG, "1", 1, TODAY.minusDays(5)),
                coded("zn", "zinc", "45", 1, TODAY.minusDays(5))).run();
        Finding card = find(f, CardType.INTRANASAL_ZINC).orElseThrow();
        assertEquals(Severity.WARNING, card.severity());
        assertTrue(card.summary().endsWith("advise stopping it"), card.summary());
        assertEquals("FDA-DSC:intranasal-zinc-2009", card.sources().get(0).id());
        // 45 mg oral zinc is above the adult UL of 40; the nasal gel adds nothing to it
        assertTrue(find(f, CardType.UPPER_LIMIT).orElseThrow().summary().startsWith("Zinc 45 mg/day"));
    }

    @Test
    void aStatementAndItsUnlinkedOrderCountOnceAndALinkedOrderIsNotADuplicate() {
        MedicationRequest order = draftOrder("o1", null, "300", 1);
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setMedication(coded("x", "magnesium", "300", 1, TODAY).getMedicationCodeableConcept());
        List<Finding> f = adult().with(coded("s1", "magnesium", "300", 1, TODAY.minusDays(5))).request(order).run();
        Finding card = find(f, CardType.POSSIBLE_DUPLICATE).orElseThrow();
        assertTrue(card.detail().contains("MedicationRequest/o1") && card.detail().contains("MedicationStatement/s1"),
                card.detail());
        assertTrue(find(f, CardType.UPPER_LIMIT).isEmpty(), "300 mg counted once is within 350");

        var linked = coded("s2", "magnesium", "300", 1, TODAY.minusDays(5));
        linked.addBasedOn(new org.hl7.fhir.r4.model.Reference("MedicationRequest/o1"));
        assertFalse(find(adult().with(linked).request(order).run(), CardType.POSSIBLE_DUPLICATE).isPresent());
    }

    @Test
    void anOrderOfAnotherStrengthIsNotADuplicate() {
        MedicationRequest order = draftOrder("o2", null, "200", 1);
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setMedication(coded("x", "magnesium", "200", 1, TODAY).getMedicationCodeableConcept());
        List<Finding> f = adult().with(coded("s1", "magnesium", "300", 1, TODAY.minusDays(5))).request(order).run();
        assertTrue(find(f, CardType.POSSIBLE_DUPLICATE).isEmpty());
        assertTrue(find(f, CardType.UPPER_LIMIT).orElseThrow().summary().startsWith("Magnesium 500 mg/day"));
    }
}
