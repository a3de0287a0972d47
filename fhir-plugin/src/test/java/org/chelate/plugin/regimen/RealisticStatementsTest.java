package org.chelate.plugin.regimen;

import static org.chelate.plugin.testing.Records.ingredient;
import static org.chelate.plugin.testing.Records.medication;
import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;
import static org.chelate.plugin.testing.Records.ucum;
import static org.chelate.plugin.testing.Records.units;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.chelate.plugin.testing.Records;
import org.chelate.terminology.Mineral;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.hl7.fhir.r4.model.Timing.UnitsOfTime;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Forty realistic supplement records with hand-computed elemental amounts. Elemental fractions are computed from the
 * formula with the facts-file atomic weights (Mg 24.305, Zn 65.38, C 12.011, H 1.008, N 14.007, O 15.999, S 32.06):
 * <pre>
 *   MgO              24.305 / 40.304  = 0.603042     Mg(OH)2        24.305 / 58.319  = 0.416760
 *   Mg3(C6H5O7)2   72.915 / 451.113  = 0.161634     Mg(C2H4NO2)2   24.305 / 172.423 = 0.140961
 *   MgC4H4O5       24.305 / 156.376  = 0.155427     Mg(C4H7O5)2    24.305 / 294.495 = 0.082531
 *   MgSO4·7H2O     24.305 / 246.466  = 0.098614     ZnSO4·7H2O     65.38 / 287.541  = 0.227376
 *   Zn(C2H3O2)2·2H2O 65.38 / 219.498 = 0.297861     Zn(C6H4NO2)2   65.38 / 309.586  = 0.211185
 *   Zn(C6H11O7)2   65.38 / 455.674   = 0.143480
 * </pre>
 * The salt table rounds each dose's elemental amount to 0.01 mg (half up); daily = per-dose × doses a day.
 */
class RealisticStatementsTest {

    private static final LocalDate AS_OF = LocalDate.of(2026, 6, 1);
    private static final BigDecimal TOLERANCE = new BigDecimal("0.01");

    private final RegimenMapper mapper = new RegimenMapper();

    /** One record and what it must give: per mineral, elemental mg/day low and high, and the basis. */
    record Case(String name, MedicationStatement statement, Mineral mineral, String dailyLow, String dailyHigh,
                        AmountBasis basis, boolean activeOnAsOf) {
    }

    record Unmappable(String name, MedicationStatement statement, UnmappedReason reason) {
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // 1. "Magnesium 200 mg twice daily", coded as the ingredient: elemental. 200 × 2 = 400
        cases.add(new Case("elemental Mg BID", statement("s1").code("magnesium").dose(mg("200")).perDay(2).build(),
                Mineral.MAGNESIUM, "400", "400", AmountBasis.STATED_ELEMENTAL, true));
        // 2. magnesium oxide 400 mg daily: 400 × 0.603042 = 241.217 → 241.22
        cases.add(new Case("Mg oxide salt weight", statement("s2").code("magnesium-oxide").dose(mg("400")).perDay(1).build(),
                Mineral.MAGNESIUM, "241.22", "241.22", AmountBasis.CONVERTED_FROM_SALT, true));
        // 3. magnesium bisglycinate 500 mg daily: 500 × 0.140961 = 70.48 (the facts file's "500 mg ≈ 70 mg")
        cases.add(new Case("Mg bisglycinate 500 mg", statement("s3").code("magnesium-bisglycinate").dose(mg("500")).perDay(1).build(),
                Mineral.MAGNESIUM, "70.48", "70.48", AmountBasis.CONVERTED_FROM_SALT, true));
        // 4. zinc gluconate 50 mg daily: 50 × 0.143480 = 7.174 → 7.17
        cases.add(new Case("Zn gluconate 50 mg", statement("s4").code("zinc-gluconate").dose(mg("50")).perDay(1).build(),
                Mineral.ZINC, "7.17", "7.17", AmountBasis.CONVERTED_FROM_SALT, true));
        // 5. zinc 15 mg daily, ingredient-coded: 15
        cases.add(new Case("elemental Zn 15 mg", statement("s5").code("zinc").dose(mg("15")).perDay(1).build(),
                Mineral.ZINC, "15", "15", AmountBasis.STATED_ELEMENTAL, true));
        // 6. contained Medication: magnesium oxide 400 mg per tablet, 2 tablets daily: 2 × 400 = 800 mg salt
        //    × 0.603042 = 482.434 → 482.43
        cases.add(new Case("2 tablets of Mg oxide 400 mg", statement("s6")
                .contained(medication("mgox", "Magnesium oxide 400 mg tablet",
                        ingredient("magnesium-oxide", mg("400"), units("1", "TAB", "tablet"))))
                .dose(units("2", "TAB", "tablet")).perDay(1).build(),
                Mineral.MAGNESIUM, "482.43", "482.43", AmountBasis.INGREDIENT_STRENGTH, true));
        // 7. contained Medication: magnesium (elemental, as glycinate on the label) 120 mg per capsule, 2 capsules at
        //    bedtime (when = HS, no frequency → one dose a day): 2 × 120 = 240
        cases.add(new Case("2 capsules of elemental Mg 120 mg at HS", statement("s7")
                .contained(medication("mgcap", "Magnesium glycinate chelate capsule",
                        ingredient("magnesium", mg("120"), units("1", "CAP", "capsule"))))
                .dose(units("2", "CAP", "capsule")).when(EventTiming.HS).build(),
                Mineral.MAGNESIUM, "240", "240", AmountBasis.INGREDIENT_STRENGTH, true));
        // 8. referenced Medication/zn-lozenge: zinc acetate dihydrate 50 mg per lozenge, 1 lozenge 6 times a day
        //    (every 3 h while awake: frequency 6 per day): 50 × 0.297861 = 14.893 → 14.89 per dose; × 6 = 89.34
        cases.add(new Case("zinc acetate lozenges 6 a day", statement("s8").references("Medication/zn-lozenge")
                .dose(ucum("1", "{lozenge}")).perDay(6).build(),
                Mineral.ZINC, "89.34", "89.34", AmountBasis.INGREDIENT_STRENGTH, true));
        // 9. combination tablet (contained): magnesium 100 mg + zinc 10 mg elemental per tablet, 2 tablets daily:
        //    Mg 2 × 100 = 200; Zn 2 × 10 = 20 (two regimens from one statement; Mg checked here, Zn in case 10)
        MedicationStatement combo = statement("s9")
                .contained(medication("combo", "Magnesium + Zinc tablet",
                        ingredient("magnesium", mg("100"), units("1", "TAB", "tablet")),
                        ingredient("zinc", mg("10"), units("1", "TAB", "tablet"))))
                .dose(units("2", "TAB", "tablet")).perDay(1).build();
        cases.add(new Case("combination tablet, magnesium part", combo, Mineral.MAGNESIUM, "200", "200",
                AmountBasis.INGREDIENT_STRENGTH, true));
        // 10. the same statement, zinc part: 2 × 10 = 20
        cases.add(new Case("combination tablet, zinc part", combo, Mineral.ZINC, "20", "20",
                AmountBasis.INGREDIENT_STRENGTH, true));
        // 11. doseRange 100–200 mg elemental magnesium twice daily: low 100 × 2 = 200, high 200 × 2 = 400
        cases.add(new Case("Mg dose range BID", statement("s11").code("magnesium").doseRange(mg("100"), mg("200")).perDay(2).build(),
                Mineral.MAGNESIUM, "200", "400", AmountBasis.STATED_ELEMENTAL, true));
        // 12. magnesium citrate 500 mg per tablet (contained), 1–2 tablets daily:
        //     low 500 × 0.161634 = 80.817 → 80.82; high 1000 × 0.161634 = 161.634 → 161.63
        cases.add(new Case("Mg citrate 1-2 tablets", statement("s12")
                .contained(medication("mgcit", "Magnesium citrate 500 mg tablet",
                        ingredient("magnesium-citrate", mg("500"), units("1", "TAB", "tablet"))))
                .doseRange(units("1", "TAB", "tablet"), units("2", "TAB", "tablet")).perDay(1).build(),
                Mineral.MAGNESIUM, "80.82", "161.63", AmountBasis.INGREDIENT_STRENGTH, true));
        // 13. magnesium bisglycinate 400 mg at bedtime (when = HS): 400 × 0.140961 = 56.384 → 56.38
        cases.add(new Case("Mg glycinate at HS", statement("s13").code("magnesium-bisglycinate").dose(mg("400")).when(EventTiming.HS).build(),
                Mineral.MAGNESIUM, "56.38", "56.38", AmountBasis.CONVERTED_FROM_SALT, true));
        // 14. zinc picolinate 30 mg with breakfast and dinner (when = CM, CV): 30 × 0.211185 = 6.336 → 6.34; × 2 = 12.68
        cases.add(new Case("Zn picolinate at CM and CV", statement("s14").code("zinc-picolinate").dose(mg("30")).when(EventTiming.CM, EventTiming.CV).build(),
                Mineral.ZINC, "12.68", "12.68", AmountBasis.CONVERTED_FROM_SALT, true));
        // 15. magnesium L-threonate 667 mg three times a day with meals (frequency 3/d, when = C):
        //     667 × 0.082531 = 55.048 → 55.05; × 3 = 165.15
        cases.add(new Case("Mg threonate TID with meals", statement("s15").code("magnesium-l-threonate").dose(mg("667")).perDay(3).when(EventTiming.C).build(),
                Mineral.MAGNESIUM, "165.15", "165.15", AmountBasis.CONVERTED_FROM_SALT, true));
        // 16. magnesium malate 625 mg at 08:00 and 20:00: 625 × 0.155427 = 97.142 → 97.14; × 2 = 194.28
        cases.add(new Case("Mg malate at two clock times", statement("s16").code("magnesium-malate").dose(mg("625")).timeOfDay("08:00:00", "20:00:00").build(),
                Mineral.MAGNESIUM, "194.28", "194.28", AmountBasis.CONVERTED_FROM_SALT, true));
        // 17. zinc sulfate heptahydrate 220 mg BID (Timing.code): 220 × 0.227376 = 50.023 → 50.02; × 2 = 100.04
        cases.add(new Case("Zn sulfate 220 mg BID by timing code", statement("s17").code("zinc-sulfate-heptahydrate").dose(mg("220")).timingCode("BID").build(),
                Mineral.ZINC, "100.04", "100.04", AmountBasis.CONVERTED_FROM_SALT, true));
        // 18. magnesium oxide 500 mg every other day (1 per 2 d): 500 × 0.603042 = 301.521 → 301.52; × 0.5 = 150.76
        cases.add(new Case("Mg oxide every other day", statement("s18").code("magnesium-oxide").dose(mg("500")).every(1, "2", UnitsOfTime.D).build(),
                Mineral.MAGNESIUM, "150.76", "150.76", AmountBasis.CONVERTED_FROM_SALT, true));
        // 19. zinc 50 mg once a week: 50 / 7 = 7.142857
        cases.add(new Case("Zn 50 mg weekly", statement("s19").code("zinc").dose(mg("50")).every(1, "1", UnitsOfTime.WK).build(),
                Mineral.ZINC, "7.142857", "7.142857", AmountBasis.STATED_ELEMENTAL, true));
        // 20. magnesium 250 mg once or twice a day (frequency 1, frequencyMax 2): low 250, high 500
        cases.add(new Case("Mg 250 mg 1-2 times a day", statement("s20").code("magnesium").dose(mg("250")).perDay(1).frequencyMax(2).build(),
                Mineral.MAGNESIUM, "250", "500", AmountBasis.STATED_ELEMENTAL, true));
        // 21. milk of magnesia: magnesium hydroxide 1200 mg as needed, at most once a day:
        //     low 0; high 1200 × 0.416760 = 500.112 → 500.11
        cases.add(new Case("Mg hydroxide PRN", statement("s21").code("magnesium-hydroxide").dose(mg("1200")).perDay(1).asNeeded().build(),
                Mineral.MAGNESIUM, "0", "500.11", AmountBasis.CONVERTED_FROM_SALT, true));
        // 22. stopped last year: magnesium oxide 400 mg, 2025-01-01..2025-12-31: 241.22 a day, not active on 2026-06-01
        cases.add(new Case("stopped Mg oxide", statement("s22").code("magnesium-oxide").dose(mg("400")).perDay(1)
                .status(MedicationStatementStatus.STOPPED).period("2025-01-01", "2025-12-31").build(),
                Mineral.MAGNESIUM, "241.22", "241.22", AmountBasis.CONVERTED_FROM_SALT, false));
        // 23. completed course: zinc 25 mg daily 2026-01-15..2026-03-01: 25 a day, not active on 2026-06-01
        cases.add(new Case("completed zinc course", statement("s23").code("zinc").dose(mg("25")).perDay(1)
                .status(MedicationStatementStatus.COMPLETED).period("2026-01-15", "2026-03-01").build(),
                Mineral.ZINC, "25", "25", AmountBasis.STATED_ELEMENTAL, false));
        // 24. intended from next month: zinc 10 mg daily from 2026-07-01: 10 a day, not yet active on 2026-06-01
        cases.add(new Case("intended zinc from July", statement("s24").code("zinc").dose(mg("10")).perDay(1)
                .status(MedicationStatementStatus.INTENDED).period("2026-07-01", null).build(),
                Mineral.ZINC, "10", "10", AmountBasis.STATED_ELEMENTAL, false));
        // 25. entered in error: magnesium 400 mg daily: 400 a day, never counted
        cases.add(new Case("entered in error", statement("s25").code("magnesium").dose(mg("400")).perDay(1)
                .status(MedicationStatementStatus.ENTEREDINERROR).build(),
                Mineral.MAGNESIUM, "400", "400", AmountBasis.STATED_ELEMENTAL, false));
        // 26. magnesium aspartate recorded in mmol: 10 mmol Mg twice daily: 10 × 24.305 = 243.05; × 2 = 486.10
        cases.add(new Case("Mg 10 mmol BID", statement("s26").code("magnesium").dose(ucum("10", "mmol")).perDay(2).build(),
                Mineral.MAGNESIUM, "486.1", "486.1", AmountBasis.STATED_ELEMENTAL, true));
        // 27. magnesium sulfate heptahydrate 1 g daily: 1000 × 0.098614 = 98.614 → 98.61
        cases.add(new Case("Mg sulfate 1 g", statement("s27").code("magnesium-sulfate-heptahydrate").dose(ucum("1", "g")).perDay(1).build(),
                Mineral.MAGNESIUM, "98.61", "98.61", AmountBasis.CONVERTED_FROM_SALT, true));
        // 28. copper 2000 µg daily: 2000 ug = 2 mg
        cases.add(new Case("Cu 2000 ug", statement("s28").code("copper").dose(ucum("2000", "ug")).perDay(1).build(),
                Mineral.COPPER, "2", "2", AmountBasis.STATED_ELEMENTAL, true));
        // 29. "magnesium (as bisglycinate) 120 mg" twice daily, marked elemental with the dose-basis extension: 120 × 2 = 240
        cases.add(new Case("Mg as bisglycinate 120 mg elemental", statement("s29").code("magnesium-bisglycinate").dose(mg("120"))
                .elementalBasis().perDay(2).build(),
                Mineral.MAGNESIUM, "240", "240", AmountBasis.STATED_ELEMENTAL, true));
        // 30. liquid: magnesium chloride... recorded as contained Medication magnesium 100 mg elemental per 5 mL,
        //     10 mL daily: 10 / 5 × 100 = 200
        cases.add(new Case("Mg liquid 10 mL of 100 mg/5 mL", statement("s30")
                .contained(medication("mgliq", "Magnesium liquid 100 mg/5 mL",
                        ingredient("magnesium", mg("100"), ucum("5", "mL"))))
                .dose(ucum("10", "mL")).perDay(1).build(),
                Mineral.MAGNESIUM, "200", "200", AmountBasis.INGREDIENT_STRENGTH, true));
        // 31. text only: "Magnesium glycinate 400 mg capsule", 1 capsule at bedtime: a salt named with a number and no
        //     "as" is ambiguous (facts.md): low = the salt's weight 400 × 0.140961 = 56.38, high = 400 as magnesium
        cases.add(new Case("text Mg glycinate 400 mg capsule", statement("s31").text("Magnesium glycinate 400 mg capsule")
                .dose(units("1", "CAP", "capsule")).when(EventTiming.HS).build(),
                Mineral.MAGNESIUM, "56.38", "400", AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL, true));
        // 32. text only, no dose quantity: "Zinc 15 mg", sig "once daily": elemental 15 (bare mineral name), 1 a day
        cases.add(new Case("text Zinc 15 mg once daily", statement("s32").text("Zinc 15 mg").dosageText("Take once daily").build(),
                Mineral.ZINC, "15", "15", AmountBasis.RECOGNISED_FROM_TEXT, true));
        // 33. text only: "Mag oxide 400mg tablets", 2 tablets once a day: 2 × 400 = 800 × 0.603042 = 482.43
        cases.add(new Case("text Mag oxide 2 tablets", statement("s33").text("Mag oxide 400mg tablets")
                .dose(units("2", "TAB", "tablet")).perDay(1).build(),
                Mineral.MAGNESIUM, "482.43", "482.43", AmountBasis.RECOGNISED_FROM_TEXT, true));
        // 34. uncoded product, dosage.text names it: "Magnesium 250 mg at bedtime": elemental 250, HS → 1 a day
        cases.add(new Case("dosage text names the supplement", statement("s34").text("Sleep supplement")
                .dosageText("Magnesium 250 mg at bedtime").build(),
                Mineral.MAGNESIUM, "250", "250", AmountBasis.RECOGNISED_FROM_TEXT, true));
        // 35. coded zinc gluconate whose text gives the strength: "Zinc gluconate 50 mg lozenge", 1 lozenge 3 times a day:
        //     the text's number has no "as": low 50 × 0.143480 = 7.174 → 7.17; × 3 = 21.51; high 50 × 3 = 150
        MedicationStatement s35 = statement("s35").code("zinc-gluconate").dose(ucum("1", "{lozenge}")).perDay(3).build();
        s35.getMedicationCodeableConcept().setText("Zinc gluconate 50 mg lozenge");
        cases.add(new Case("coded Zn gluconate, strength from text", s35, Mineral.ZINC, "21.51", "150",
                AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL, true));
        // 36. magnesium 20 mEq once daily: 1 mEq = 12.15 mg (facts.md; 24.305 / 2 = 12.1525): 243.05
        cases.add(new Case("Mg 20 mEq", statement("s36").code("magnesium").dose(ucum("20", "meq")).perDay(1).build(),
                Mineral.MAGNESIUM, "243.05", "243.05", AmountBasis.STATED_ELEMENTAL, true));
        return cases;
    }

    static List<Unmappable> unmappable() {
        return List.of(
                // 36. ingredient-coded magnesium, 2 tablets, no strength anywhere
                new Unmappable("tablets without strength", statement("u1").code("magnesium").dose(units("2", "TAB", "tablet")).perDay(1).build(),
                        UnmappedReason.COUNT_WITHOUT_STRENGTH),
                // 37. zinc gluconate with no dose and no text
                new Unmappable("no dose", statement("u2").code("zinc-gluconate").perDay(1).build(), UnmappedReason.MISSING_DOSE),
                // 38. zinc in mEq: facts.md gives mEq for magnesium only
                new Unmappable("zinc mEq", statement("u3").code("zinc").dose(ucum("2", "meq")).perDay(1).build(), UnmappedReason.UNKNOWN_UNIT),
                // 39. negative dose
                new Unmappable("negative dose", statement("u4").code("magnesium").dose(mg("-200")).perDay(1).build(), UnmappedReason.INVALID_VALUE),
                // 40. no subject
                new Unmappable("no subject", statement("u5").code("magnesium").dose(mg("200")).perDay(1).noSubject().build(), UnmappedReason.MISSING_SUBJECT),
                // 41. doxycycline (RxNorm ingredient 3640): not a supplement, listed but not mapped
                new Unmappable("doxycycline", statement("u6").code("http://www.nlm.nih.gov/research/umls/rxnorm", "3640", "doxycycline")
                        .dose(mg("100")).perDay(2).build(), UnmappedReason.NOT_A_SUPPLEMENT),
                // 42. no timing at all
                new Unmappable("no frequency", statement("u7").code("magnesium").dose(mg("200")).build(), UnmappedReason.MISSING_FREQUENCY),
                // 43. unknown unit
                new Unmappable("unknown unit", statement("u8").code("zinc").dose(ucum("2", "[tsp_us]")).perDay(1).build(), UnmappedReason.UNKNOWN_UNIT));
    }

    /** The referenced Medication of case 8. */
    static Map<String, Medication> referenced() {
        return Map.of("Medication/zn-lozenge", medication("zn-lozenge", "Zinc acetate 50 mg lozenge",
                ingredient("zinc-acetate-dihydrate", mg("50"), ucum("1", "{lozenge}"))));
    }

    @TestFactory
    Stream<DynamicTest> eachRecordGivesItsHandComputedDailyAmount() {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            RegimenMapping mapping = mapper.map(List.of(c.statement()), List.of(), referenced());
            assertTrue(mapping.unmapped().isEmpty(), () -> c.name() + ": " + mapping.unmapped());
            Regimen regimen = mapping.regimensOf(c.mineral()).get(0);
            assertClose(c.dailyLow(), regimen.dailyElementalMgLow(), c.name() + " low");
            assertClose(c.dailyHigh(), regimen.dailyElementalMgHigh(), c.name() + " high");
            assertEquals(c.basis(), regimen.amountBasis(), c.name());
            assertEquals(c.activeOnAsOf(), regimen.isActiveOn(AS_OF), c.name() + " active on " + AS_OF);
            assertEquals("MedicationStatement/" + c.statement().getIdElement().getIdPart(), regimen.sourceReference());
        }));
    }

    @TestFactory
    Stream<DynamicTest> eachUnmappableRecordIsReportedWithItsReason() {
        return unmappable().stream().map(u -> DynamicTest.dynamicTest(u.name(), () -> {
            RegimenMapping mapping = mapper.map(List.of(u.statement()));
            assertTrue(mapping.regimens().isEmpty(), u.name());
            assertEquals(1, mapping.unmapped().size());
            assertEquals(u.reason(), mapping.unmapped().get(0).code(), () -> mapping.unmapped().get(0).reason());
            assertEquals("MedicationStatement/" + u.statement().getIdElement().getIdPart(), mapping.unmapped().get(0).sourceReference());
        }));
    }

    /**
     * All records together, as one patient's list, on 2026-06-01. Active ones only (cases 22–25 are not):
     * <pre>
     * magnesium low : 400 + 241.22 + 70.48 + 482.43 + 240 + 200 + 200 + 80.82 + 56.38 + 165.15 + 194.28 + 150.76
     *                 + 250 + 0 + 486.10 + 98.61 + 240 + 200 + 56.38 + 482.43 + 250 + 243.05 = 4788.09
     * magnesium high: the same with 400 (case 11), 161.63 (case 12), 500 (case 20), 500.11 (case 21), 400 (case 31)
     *                 = 4788.09 + (400 − 200) + (161.63 − 80.82) + (500 − 250) + (500.11 − 0) + (400 − 56.38) = 6162.63
     * zinc low      : 7.17 + 15 + 89.34 + 20 + 12.68 + 100.04 + 7.142857 + 15 + 21.51 = 287.882857
     * zinc high     : the same with 150 (case 35) = 287.882857 + (150 − 21.51) = 416.372857
     * copper        : 2
     * </pre>
     * The combination tablet (one record, cases 9 and 10) is mapped once and gives both minerals.
     */
    @Test
    void dailyTotalsOverTheWholeList() {
        List<MedicationStatement> all = new ArrayList<>(cases().stream().map(Case::statement).distinct().toList());
        unmappable().forEach(u -> all.add(u.statement()));
        RegimenMapping mapping = mapper.map(all, List.of(), referenced());

        Map<Mineral, DailyTotal> totals = mapping.dailyTotals(AS_OF);
        assertClose("4788.09", totals.get(Mineral.MAGNESIUM).lowMg(), "magnesium low");
        assertClose("6162.63", totals.get(Mineral.MAGNESIUM).highMg(), "magnesium high");
        assertClose("287.882857", totals.get(Mineral.ZINC).lowMg(), "zinc low");
        assertClose("416.372857", totals.get(Mineral.ZINC).highMg(), "zinc high");
        assertClose("2", totals.get(Mineral.COPPER).lowMg(), "copper");
        assertEquals(unmappable().size(), mapping.unmapped().size(), "every unmappable record is reported");
        assertEquals(22, totals.get(Mineral.MAGNESIUM).contributing().size());
    }

    @Test
    void anOrderForTheSameProductCountsLikeAStatement() {
        // zinc 25 mg daily as an active order authored 2026-01-01: 25 a day
        MedicationRequest order = Records.statement("r1").code("zinc").dose(mg("25")).perDay(1).buildRequest();
        RegimenMapping mapping = mapper.map(List.of(), List.of(order), Map.of());
        assertClose("25", mapping.dailyTotals(AS_OF).get(Mineral.ZINC).lowMg(), "order");
        assertEquals(RecordKind.MEDICATION_REQUEST, mapping.regimens().get(0).kind());
        assertEquals("MedicationRequest/r1", mapping.regimens().get(0).sourceReference());
    }

    static void assertClose(String expected, BigDecimal actual, String what) {
        BigDecimal difference = new BigDecimal(expected).subtract(actual).abs();
        assertTrue(difference.compareTo(TOLERANCE) <= 0, () -> what + ": expected " + expected + " but was " + actual.toPlainString());
    }
}
