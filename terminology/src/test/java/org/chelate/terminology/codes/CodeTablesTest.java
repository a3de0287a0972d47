package org.chelate.terminology.codes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.units.UnitConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeTablesTest {

    @Test
    void supplementCodesGiveMineralAndForSaltsTheSalt() {
        SupplementCodes codes = SupplementCodes.standard();
        SupplementConcept zinc = codes.resolve(ChelateSystems.SUPPLEMENT, "zinc").orElseThrow();
        assertEquals(Mineral.ZINC, zinc.mineral());
        assertTrue(zinc.salt().isEmpty(), "an ingredient code gives the mineral only");
        assertTrue(zinc.verified());
        SupplementConcept glycinate = codes.resolve(ChelateSystems.SUPPLEMENT, "magnesium-bisglycinate").orElseThrow();
        assertEquals(Mineral.MAGNESIUM, glycinate.mineral());
        assertEquals("magnesium-bisglycinate", glycinate.salt().orElseThrow().code());
        assertTrue(codes.resolve(ChelateSystems.SUPPLEMENT, "calcium").isEmpty());
        assertTrue(codes.resolve(ChelateSystems.RXNORM, "magnesium-oxide").isEmpty());
        SupplementConcept rxOxide = codes.resolve(ChelateSystems.RXNORM, "6582").orElseThrow();
        assertEquals("magnesium-oxide", rxOxide.salt().orElseThrow().code());
        assertFalse(rxOxide.verified(), "RxNorm 6582 is carried but not verified");
        assertTrue(org.chelate.terminology.salt.SaltTable.standard().byCoding(ChelateSystems.RXNORM, "6582").isEmpty(),
                "SaltTable.byCoding only answers verified codes");
        assertTrue(codes.resolve(null, "zinc").isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "19123-9, SERUM_MAGNESIUM_MASS, true",
        "2601-3, SERUM_MAGNESIUM_MOLAR, true",
        "5631-7, SERUM_COPPER, true",
        "5763-8, SERUM_ZINC, true",
        "2064-4, CERULOPLASMIN, true",
        "48642-3, EGFR, true",
        "48643-1, EGFR, true",
        "88293-6, EGFR, true",
        "88294-4, EGFR, true",
        "50044-7, EGFR, true",
        "69405-9, EGFR, true",
        "77147-7, EGFR, true",
        "76633-7, EGFR, true",
        "98979-8, EGFR, true",
        "62238-1, EGFR, true",
        "33914-3, EGFR, true",
    })
    void labCodes(String loinc, LabKind kind, boolean verified) {
        LabCodes labs = LabCodes.standard();
        assertEquals(Optional.of(kind), labs.resolve(ChelateSystems.LOINC, loinc));
        assertEquals(verified, labs.lookup(ChelateSystems.LOINC, loinc).orElseThrow().verified());
    }

    @Test
    void everyLabKindHasAStandardCodeAndAValidCanonicalUnit() {
        LabCodes labs = LabCodes.standard();
        for (LabKind kind : LabKind.values()) {
            assertTrue(labs.codesFor(kind).stream().anyMatch(c -> c.system().equals(ChelateSystems.LOINC)), kind.name());
            assertTrue(UnitConverter.standard().isValid(kind.canonicalUnit()), kind.canonicalUnit());
        }
        assertTrue(labs.resolve(ChelateSystems.LOINC, "2951-2").isEmpty(), "sodium is not a Chelate lab");
        assertEquals(Optional.of(LabKind.SERUM_ZINC), labs.resolve(ChelateSystems.LAB_KIND, "serum-zinc"));
    }

    @Test
    void scoreInstruments() {
        ScoreInstruments scores = ScoreInstruments.standard();
        ScoreInstrument pain = scores.resolve(ChelateSystems.LOINC, "72514-3").orElseThrow();
        assertEquals(0, BigDecimal.ZERO.compareTo(pain.min()));
        assertEquals(0, BigDecimal.TEN.compareTo(pain.max()));
        assertEquals(ScoreDirection.HIGHER_IS_WORSE, pain.direction());
        assertTrue(pain.verified());
        assertEquals(0, new BigDecimal("27").compareTo(scores.resolve(ChelateSystems.LOINC, "44261-6").orElseThrow().max()));
        assertEquals(0, new BigDecimal("21").compareTo(scores.resolve(ChelateSystems.LOINC, "70274-6").orElseThrow().max()));
        ScoreInstrument sleep = scores.resolve(ChelateSystems.SCORE, "sleep-quality-nrs").orElseThrow();
        assertEquals(ScoreDirection.HIGHER_IS_BETTER, sleep.direction());
        assertTrue(scores.resolve(ChelateSystems.SCORE, "fatigue-nrs").isPresent());
        assertTrue(scores.resolve(ChelateSystems.SCORE, "stress-nrs").isPresent());
        assertTrue(pain.inRange(new BigDecimal("7")));
        assertFalse(pain.inRange(new BigDecimal("11")));
        assertTrue(scores.resolve(ChelateSystems.LOINC, "19123-9").isEmpty());
    }

    @ParameterizedTest
    @CsvSource({
        "2551, FLUOROQUINOLONE",
        "82122, FLUOROQUINOLONE",
        "139462, FLUOROQUINOLONE",
        "1433868, INTEGRASE_INHIBITOR",
        "7646, PROTON_PUMP_INHIBITOR",
        "40790, PROTON_PUMP_INHIBITOR",
        "4603, LOOP_DIURETIC",
        "5487, THIAZIDE_DIURETIC",
        "9997, POTASSIUM_SPARING_DIURETIC",
        "3640, TETRACYCLINE",
        "10582, LEVOTHYROXINE",
        "3407, DIGOXIN",
    })
    void classifiesRxNormIngredients(String rxcui, DrugClass expected) {
        assertEquals(Optional.of(expected), InteractingDrugs.standard().classify(ChelateSystems.RXNORM, rxcui));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "doxycycline hyclate 100 mg | TETRACYCLINE",
        "Minocycline ER 90mg | TETRACYCLINE",
        "CIPRO 500 MG TABLET | FLUOROQUINOLONE",
        "levofloxacin 750 mg | FLUOROQUINOLONE",
        "Fosamax 70 mg weekly | BISPHOSPHONATE",
        "alendronate sodium 70mg | BISPHOSPHONATE",
        "Synthroid 50 mcg | LEVOTHYROXINE",
        "levothyroxine sodium 88 mcg tab | LEVOTHYROXINE",
        "Biktarvy | INTEGRASE_INHIBITOR",
        "dolutegravir 50 mg | INTEGRASE_INHIBITOR",
        "penicillamine 250 mg | PENICILLAMINE",
        "omeprazole 20 mg DR capsule | PROTON_PUMP_INHIBITOR",
        "Nexium 40mg | PROTON_PUMP_INHIBITOR",
        "furosemide 40 mg | LOOP_DIURETIC",
        "HCTZ 25 mg | THIAZIDE_DIURETIC",
        "chlorthalidone 25mg | THIAZIDE_DIURETIC",
        "spironolactone 25 mg | POTASSIUM_SPARING_DIURETIC",
        "Lanoxin 125 mcg | DIGOXIN",
        "digoxin 0.125 mg tablet | DIGOXIN",
    })
    void classifiesDrugText(String text, DrugClass expected) {
        assertEquals(Optional.of(expected), InteractingDrugs.standard().classifyText(text));
    }

    @Test
    void unrelatedDrugsAndClassCodes() {
        InteractingDrugs drugs = InteractingDrugs.standard();
        assertTrue(drugs.classifyText("amoxicillin 500 mg").isEmpty());
        assertTrue(drugs.classifyText("metformin").isEmpty());
        assertTrue(drugs.classifyText(null).isEmpty());
        assertTrue(drugs.classify(ChelateSystems.RXNORM, "6809").isEmpty(), "metformin");
        assertEquals(Optional.of(DrugClass.PROTON_PUMP_INHIBITOR), drugs.classify(ChelateSystems.INTERACTING_DRUG, "class-proton-pump-inhibitor"));
        assertEquals(Optional.of(DrugClass.TETRACYCLINE), drugs.classify(ChelateSystems.INTERACTING_DRUG, "tetracycline"));
        assertTrue(drugs.ingredient(ChelateSystems.RXNORM, "2551").orElseThrow().rxnormVerified());
        assertFalse(drugs.ingredient(ChelateSystems.RXNORM, "3640").orElseThrow().rxnormVerified());
        for (DrugClass dc : DrugClass.values()) {
            assertTrue(drugs.all().stream().anyMatch(d -> d.drugClass() == dc), "no ingredient for " + dc);
        }
        assertEquals(DrugClass.values().length, Arrays.stream(DrugClass.values()).distinct().count());
    }
}
