package org.chelate.terminology.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SupplementTextRecogniserTest {

    private final SupplementTextRecogniser recogniser = SupplementTextRecogniser.standard();

    /** text | mineral | salt code (or empty) | strength mg (or empty) | stated as elemental. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Magnesium Glycinate 400mg | MAGNESIUM | magnesium-bisglycinate | 400 | false",
        "Mag glycinate 400mg | MAGNESIUM | magnesium-bisglycinate | 400 | false",
        "Zinc picolinate 22 mg | ZINC | zinc-picolinate | 22 | false",
        "Zinc (as zinc bisglycinate chelate) 15 mg | ZINC | zinc-bisglycinate | 15 | true",
        "Magnesium (as magnesium bisglycinate) 120 mg | MAGNESIUM | magnesium-bisglycinate | 120 | true",
        "magnesium (as glycinate) 120 mg | MAGNESIUM | magnesium-bisglycinate | 120 | true",
        "Cold-Eeze zinc lozenge | ZINC | - | - | false",
        "mag ox 400 | MAGNESIUM | magnesium-oxide | - | false",
        "Mag-Ox 400 tablet | MAGNESIUM | magnesium-oxide | - | false",
        "MAGNESIUM OXIDE 400 MG PO TABS | MAGNESIUM | magnesium-oxide | 400 | false",
        "magnesium oxide 400 mg tab, take 1 tab by mouth twice daily as directed | MAGNESIUM | magnesium-oxide | 400 | false",
        "Magnesium oxide 400 mg (241 mg elemental) | MAGNESIUM | magnesium-oxide | 241 | true",
        "Zinc gluconate 50 mg (7 mg elemental zinc) | ZINC | zinc-gluconate | 7 | true",
        "Zinc gluconate 50 mg (7 mg zinc) | ZINC | zinc-gluconate | 7 | true",
        "Magnesium oxide 400mg (240mg Mg) | MAGNESIUM | magnesium-oxide | 240 | true",
        "Magnesium Glycinate 400mg - 2 caps at bedtime | MAGNESIUM | magnesium-bisglycinate | 400 | false",
        "Nature Made Zinc 30 mg tablets | ZINC | - | 30 | true",
        "ZINC 50MG TAB | ZINC | - | 50 | true",
        "Zinc 50 mg daily | ZINC | - | 50 | true",
        "zinc sulfate 220 mg capsule | ZINC | zinc-sulfate-heptahydrate | 220 | false",
        "Zinc Sulfate Monohydrate 55 mg | ZINC | zinc-sulfate-monohydrate | 55 | false",
        "Zinc acetate lozenge 13.3 mg | ZINC | zinc-acetate-dihydrate | 13.3 | false",
        "Zinc Citrate 30 mg | ZINC | zinc-citrate-trihydrate | 30 | false",
        "zinc oxide 25mg | ZINC | zinc-oxide | 25 | false",
        "Zn 25 mg | ZINC | - | 25 | true",
        "Magnesium Citrate 200 mg | MAGNESIUM | magnesium-citrate | 200 | false",
        "Mg citrate 150mg | MAGNESIUM | magnesium-citrate | 150 | false",
        "500mg magnesium citrate | MAGNESIUM | magnesium-citrate | 500 | false",
        "Magnesium Malate 1250 mg | MAGNESIUM | magnesium-malate | 1250 | false",
        "Magnesium L-Threonate 2000 mg (Magtein) | MAGNESIUM | magnesium-l-threonate | 2000 | false",
        "Magnesium (as magnesium L-threonate) 144 mg | MAGNESIUM | magnesium-l-threonate | 144 | true",
        "Magnesium 400 mg (from magnesium oxide) | MAGNESIUM | magnesium-oxide | 400 | true",
        "Magnesium 250 mg | MAGNESIUM | - | 250 | true",
        "Magnesium 0.4 g | MAGNESIUM | - | 400 | true",
        "elemental magnesium 200 mg | MAGNESIUM | - | 200 | true",
        "Magnesium chloride 535 mg | MAGNESIUM | magnesium-chloride-hexahydrate | 535 | false",
        "Magnesium Hydroxide 400mg | MAGNESIUM | magnesium-hydroxide | 400 | false",
        "Magnesium Lactate 84 mg | MAGNESIUM | magnesium-lactate-dihydrate | 84 | false",
        "Magnesium carbonate 500 mg | MAGNESIUM | magnesium-carbonate | 500 | false",
        "Copper 2 mg (as copper gluconate) | COPPER | - | 2 | true",
        "Copper 2000 mcg | COPPER | - | 2 | true",
        "Zinc 30 mg (as zinc picolinate) | ZINC | zinc-picolinate | 30 | true",
        "Magnesium Taurate 125 mg | MAGNESIUM | - | 125 | false",
        "Ionic zinc drops 15 mg | ZINC | - | 15 | true",
        "Multivitamin with zinc | ZINC | - | - | false",
        "Magnesium 200 mg with Vitamin B6 5 mg | MAGNESIUM | - | 200 | true",
        "Vitamin D3 2000 IU + Magnesium 200 mg | MAGNESIUM | - | 200 | true",
    })
    void recognises(String text, Mineral mineral, String saltCode, BigDecimal strengthMg, boolean elemental) {
        Recognition r = recogniser.recognise(text).orElseThrow(() -> new AssertionError("not recognised: " + text));
        assertEquals(mineral, r.mineral(), "mineral");
        assertEquals(Optional.ofNullable(saltCode), r.salt().map(Salt::code), "salt");
        assertEquals(Optional.ofNullable(strengthMg).map(BigDecimal::stripTrailingZeros),
                r.strengthMg().map(BigDecimal::stripTrailingZeros), "strength mg");
        assertEquals(elemental, r.statedAsElemental(), "stated as elemental");
        assertTrue(r.confidence() > 0 && r.confidence() <= 1, "confidence in (0, 1]");
        assertFalse(r.matchedTokens().isEmpty(), "matched tokens");
    }

    /** text | mineral | salt | strength mg | per mL: a liquid's strength per volume (facts.md: "mg/5 mL × the dose volume"). */
    @ParameterizedTest(name = "per volume: {0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Milk of Magnesia 400 mg/5 mL | MAGNESIUM | magnesium-hydroxide | 400 | 5",
        "Magnesium citrate oral solution 1.745 g/30 mL | MAGNESIUM | magnesium-citrate | 1745 | 30",
        "magnesium hydroxide 1,200 mg per 15 mL | MAGNESIUM | magnesium-hydroxide | 1200 | 15",
        "Milk of magnesia 400mg/5ml suspension | MAGNESIUM | magnesium-hydroxide | 400 | 5",
        "Zinc sulfate oral solution 5 mg/mL (as zinc) | ZINC | zinc-sulfate-heptahydrate | 5 | 1",
        "Magnesium chloride 100 mg per teaspoon | MAGNESIUM | magnesium-chloride-hexahydrate | 100 | 5",
    })
    void readsAStrengthPerVolume(String text, Mineral mineral, String saltCode, BigDecimal strengthMg, BigDecimal perMl) {
        Recognition r = recogniser.recognise(text).orElseThrow(() -> new AssertionError("not recognised: " + text));
        assertEquals(mineral, r.mineral());
        assertEquals(Optional.ofNullable(saltCode), r.salt().map(Salt::code));
        assertEquals(0, strengthMg.compareTo(r.strengthMg().orElseThrow()), "strength");
        assertEquals(0, perMl.compareTo(r.perVolumeMl().orElseThrow()), "per mL");
    }

    /** 21 CFR 101.36: "(as …)"/"from …" names the source of an elemental amount; a salt and a number alone are ambiguous. */
    @ParameterizedTest(name = "form: {0}")
    @CsvSource(delimiter = '|', value = {
        "Zinc 50 mg (as zinc gluconate) | true",
        "Magnesium (as magnesium citrate) 200 mg | true",
        "Magnesium 400 mg (from magnesium oxide) | true",
        "Magnesium (as glycinate) | true",
        "Zinc 15 mg | true",
        "Magnesium glycinate 200 mg | false",
        "Magnesium glycinate | false",
        "zinc sulfate 220 mg capsule | false",
    })
    void tellsAnElementalFormFromASaltNamedWithoutAs(String text, boolean elementalForm) {
        Recognition r = recogniser.recognise(text).orElseThrow();
        assertEquals(elementalForm, r.elementalForm());
        assertEquals(!elementalForm, r.saltNamedWithoutAs());
    }

    /** facts.md: 1 mmol Mg = 24.3 mg; 1 mEq = 12.15 mg. */
    @ParameterizedTest(name = "substance: {0}")
    @CsvSource(delimiter = '|', value = {
        "Magnesium 10 mmol | 243.05",
        "Magnesium 20 mEq | 243.05",
        "magnesium chloride 5 mmol | 121.525",
    })
    void readsMagnesiumInMmolAndMeqAsElemental(String text, BigDecimal mg) {
        Recognition r = recogniser.recognise(text).orElseThrow();
        assertEquals(0, mg.compareTo(r.strengthMg().orElseThrow()), r.toString());
        assertTrue(r.statedAsElemental());
    }

    @ParameterizedTest(name = "refuses: {0}")
    @ValueSource(strings = {
        "ZMA",
        "multivitamin",
        "vitamin D3 2000 IU",
        "Epsom salt bath",
        "Epsom salt 2 cups in warm water",
        "Slow-Mag",
        "Calcium carbonate 500 mg",
        "Iron 65 mg",
        "Vitamin C 500 mg (magnesium stearate)",
        "Zinc oxide 40% diaper rash cream",
        "Zicam zinc nasal spray",
        "Magnesium oil spray",
        "Fish oil 1000 mg",
        "Melatonin 3 mg at bedtime",
        "",
        "   ",
    })
    void refuses(String text) {
        assertTrue(recogniser.recognise(text).isEmpty(), "must not recognise: " + text);
        assertTrue(recogniser.recogniseAll(text).isEmpty(), "must not recognise any mineral in: " + text);
    }

    @Test
    void nullIsRefused() {
        assertTrue(recogniser.recognise(null).isEmpty());
    }

    @Test
    void combinationProductsGiveOneRecognitionPerMineral() {
        List<Recognition> all = recogniser.recogniseAll("Magnesium 250 mg + Zinc 15 mg");
        assertEquals(2, all.size());
        assertEquals(Mineral.MAGNESIUM, all.get(0).mineral());
        assertEquals(0, new BigDecimal("250").compareTo(all.get(0).strengthMg().orElseThrow()));
        assertEquals(Mineral.ZINC, all.get(1).mineral());
        assertEquals(0, new BigDecimal("15").compareTo(all.get(1).strengthMg().orElseThrow()));
        assertTrue(recogniser.recognise("Magnesium 250 mg + Zinc 15 mg").isEmpty(), "recognise() wants exactly one mineral");

        List<Recognition> cmz = recogniser.recogniseAll("Calcium 1000 mg, Magnesium 400 mg, Zinc 15 mg");
        assertEquals(List.of(Mineral.MAGNESIUM, Mineral.ZINC), cmz.stream().map(Recognition::mineral).toList());
        assertEquals(0, new BigDecimal("400").compareTo(cmz.get(0).strengthMg().orElseThrow()), "calcium's 1000 mg is not magnesium's");

        List<Recognition> zma = recogniser.recogniseAll("ZMA (zinc magnesium aspartate)");
        assertEquals(List.of(Mineral.ZINC, Mineral.MAGNESIUM), zma.stream().map(Recognition::mineral).toList());
    }

    @Test
    void elementalAmountIsComputedForCompoundWeights() {
        Recognition r = recogniser.recognise("Magnesium bisglycinate 500 mg").orElseThrow();
        BigDecimal elemental = r.elementalMg().orElseThrow();
        assertTrue(elemental.compareTo(new BigDecimal("69")) > 0 && elemental.compareTo(new BigDecimal("71")) < 0, elemental.toPlainString());
        assertEquals(Optional.of(new BigDecimal("120")), recogniser.recognise("Magnesium (as glycinate) 120 mg").orElseThrow().elementalMg());
        assertTrue(recogniser.recognise("Magnesium Taurate 125 mg").orElseThrow().elementalMg().isEmpty(),
                "an unknown salt's weight cannot be converted");
    }

    @Test
    void confidenceIsLowerForAbbreviationsCompoundWeightsAndMissingStrength() {
        double full = recogniser.recognise("Magnesium 250 mg").orElseThrow().confidence();
        double compound = recogniser.recognise("Magnesium glycinate 400 mg").orElseThrow().confidence();
        double abbreviated = recogniser.recognise("Mag glycinate 400mg").orElseThrow().confidence();
        double noStrength = recogniser.recognise("Cold-Eeze zinc lozenge").orElseThrow().confidence();
        assertEquals(1.0, full);
        assertTrue(compound < full);
        assertTrue(abbreviated < compound);
        assertTrue(noStrength < full);
    }
}
