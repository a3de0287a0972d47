package org.chelate.terminology.codes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every drug of the facts.md timing table is recognised by name, brand and (where one is carried) ATC code. */
class TimingDrugRecognitionTest {

    private static final InteractingDrugs DRUGS = InteractingDrugs.standard();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Declomycin 150 mg | demeclocycline | TETRACYCLINE",
        "omadacycline 150 mg tablet | omadacycline | TETRACYCLINE",
        "Seysara 100 mg | sarecycline | TETRACYCLINE",
        "Cipro 500 mg oral tablet | ciprofloxacin | FLUOROQUINOLONE",
        "Avelox 400 mg | moxifloxacin | FLUOROQUINOLONE",
        "Levaquin 750 mg | levofloxacin | FLUOROQUINOLONE",
        "ofloxacin 400 mg | ofloxacin | FLUOROQUINOLONE",
        "Factive 320 mg | gemifloxacin | FLUOROQUINOLONE",
        "Baxdela 450 mg tablet | delafloxacin | FLUOROQUINOLONE",
        "Boniva 150 mg monthly | ibandronate | BISPHOSPHONATE",
        "Actonel 35 mg | risedronate | BISPHOSPHONATE",
        "Tirosint-SOL 50 mcg/mL | levothyroxine | LEVOTHYROXINE",
        "Triumeq tablet | dolutegravir | INTEGRASE_INHIBITOR",
        "Biktarvy 50/200/25 mg | bictegravir | INTEGRASE_INHIBITOR",
        "Isentress HD 600 mg | raltegravir | INTEGRASE_INHIBITOR",
        "Vocabria 30 mg | cabotegravir | INTEGRASE_INHIBITOR",
        "Promacta 50 mg tablet | eltrombopag | ELTROMBOPAG",
        "Ferriprox 1000 mg | deferiprone | DEFERIPRONE",
        "Cuprimine 250 mg capsule | penicillamine | PENICILLAMINE",
    })
    void recognisesEachTimingDrugByNameOrBrand(String text, String code, DrugClass drugClass) {
        InteractingDrug drug = DRUGS.ingredientByText(text).orElseThrow(() -> new AssertionError(text));
        assertEquals(code, drug.code());
        assertEquals(drugClass, drug.drugClass());
    }

    @ParameterizedTest
    @CsvSource({
        "J01MA02, ciprofloxacin", "J01MA14, moxifloxacin", "J01MA12, levofloxacin", "J01AA02, doxycycline",
        "J01AA15, omadacycline", "M05BA06, ibandronate", "H03AA01, levothyroxine", "J05AJ03, dolutegravir",
        "J05AJ01, raltegravir", "J05AJ04, cabotegravir", "B02BX05, eltrombopag", "V03AC02, deferiprone",
        "M01CC01, penicillamine",
    })
    void recognisesAtcCodes(String atc, String code) {
        assertEquals(Optional.of(code), DRUGS.ingredient(ChelateSystems.ATC, atc).map(InteractingDrug::code));
    }

    @org.junit.jupiter.api.Test
    void eltrombopagByItsVerifiedRxNormCode() {
        InteractingDrug drug = DRUGS.ingredient(ChelateSystems.RXNORM, "711942").orElseThrow();
        assertEquals(DrugClass.ELTROMBOPAG, drug.drugClass());
        assertTrue(drug.rxnormVerified(), "CPIC drug table");
    }

    @ParameterizedTest
    @CsvSource({"J01CA04", "A12CC05"})
    void otherAtcCodesAreNotInteractingDrugs(String atc) {
        assertTrue(DRUGS.ingredient(ChelateSystems.ATC, atc).isEmpty(), "amoxicillin / magnesium aspartate");
    }
}
