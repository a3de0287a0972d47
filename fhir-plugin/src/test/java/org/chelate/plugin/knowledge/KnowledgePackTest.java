package org.chelate.plugin.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnowledgePackTest {

    private static final KnowledgePack PACK = KnowledgePack.loadDefault();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void defaultPackIsVersionedAndCitesOnlyFactsSources() {
        assertEquals("chelate-default", PACK.packId());
        assertFalse(PACK.version().isBlank());
        assertEquals("https://ods.od.nih.gov/factsheets/Magnesium-HealthProfessional/",
                PACK.source("ODS-Mg").orElseThrow().url());
        assertEquals("https://ods.od.nih.gov/factsheets/Zinc-HealthProfessional/",
                PACK.source("ODS-Zn").orElseThrow().url());
        assertEquals("https://ods.od.nih.gov/factsheets/Copper-HealthProfessional/",
                PACK.source("ODS-Cu").orElseThrow().url());
    }

    /** Upper limits per facts.md: Mg supplemental by age; Zn total by age, same in pregnancy and lactation. */
    @ParameterizedTest(name = "{0} age {1} mo {2} {3} lactating={4} -> UL {5} {6}")
    @CsvSource({
            "MAGNESIUM, 24, FEMALE, NOT_PREGNANT, false, 65, SUPPLEMENTAL",
            "MAGNESIUM, 72, MALE, NOT_PREGNANT, false, 110, SUPPLEMENTAL",
            "MAGNESIUM, 108, MALE, NOT_PREGNANT, false, 350, SUPPLEMENTAL",
            "MAGNESIUM, 480, FEMALE, KNOWN_PREGNANT, false, 350, SUPPLEMENTAL",
            "MAGNESIUM, 360, FEMALE, NOT_PREGNANT, true, 350, SUPPLEMENTAL",
            "ZINC, 3, MALE, NOT_PREGNANT, false, 4, TOTAL",
            "ZINC, 8, MALE, NOT_PREGNANT, false, 5, TOTAL",
            "ZINC, 30, MALE, NOT_PREGNANT, false, 7, TOTAL",
            "ZINC, 72, FEMALE, NOT_PREGNANT, false, 12, TOTAL",
            "ZINC, 120, FEMALE, NOT_PREGNANT, false, 23, TOTAL",
            "ZINC, 200, FEMALE, KNOWN_PREGNANT, false, 34, TOTAL",
            "ZINC, 240, MALE, NOT_PREGNANT, false, 40, TOTAL",
            "ZINC, 400, FEMALE, KNOWN_PREGNANT, false, 40, TOTAL",
            "COPPER, 400, MALE, NOT_PREGNANT, false, 10, TOTAL",
    })
    void upperLimits(Mineral mineral, int months, Sex sex, PregnancyStatus pregnancy, boolean lactating,
                     BigDecimal mg, IntakeBasis basis) {
        Limit ul = PACK.upperLimit(mineral, new PatientProfile(months, sex, pregnancy, lactating)).orElseThrow();
        assertEquals(0, mg.compareTo(ul.mg()), ul.toString());
        assertEquals(basis, ul.basis());
        assertEquals(LimitKind.UL, ul.kind());
        assertTrue(ul.source().id().startsWith("ODS-"));
    }

    @Test
    void magnesiumUpperLimitIsNotEstablishedForInfants() {
        PatientProfile infant = new PatientProfile(5, Sex.FEMALE, PregnancyStatus.NOT_PREGNANT, false);
        assertTrue(PACK.upperLimit(Mineral.MAGNESIUM, infant).isEmpty());
        assertTrue(PACK.upperLimitNotEstablishedReason(Mineral.MAGNESIUM, infant).orElseThrow().contains("not established"));
        assertTrue(PACK.upperLimit(Mineral.COPPER, PatientProfile.ofYears(6, Sex.MALE, PregnancyStatus.NOT_PREGNANT, false))
                .isEmpty(), "facts.md gives only the adult copper UL");
    }

    @ParameterizedTest(name = "{0} {1} mo {2} {3} lactating={4} -> {5} {6}")
    @CsvSource({
            "MAGNESIUM, 3, MALE, NOT_PREGNANT, false, 30, AI",
            "MAGNESIUM, 9, MALE, NOT_PREGNANT, false, 75, AI",
            "MAGNESIUM, 24, MALE, NOT_PREGNANT, false, 80, RDA",
            "MAGNESIUM, 72, FEMALE, NOT_PREGNANT, false, 130, RDA",
            "MAGNESIUM, 120, FEMALE, NOT_PREGNANT, false, 240, RDA",
            "MAGNESIUM, 192, MALE, NOT_PREGNANT, false, 410, RDA",
            "MAGNESIUM, 192, FEMALE, NOT_PREGNANT, false, 360, RDA",
            "MAGNESIUM, 192, FEMALE, KNOWN_PREGNANT, false, 400, RDA",
            "MAGNESIUM, 192, FEMALE, NOT_PREGNANT, true, 360, RDA",
            "MAGNESIUM, 300, MALE, NOT_PREGNANT, false, 400, RDA",
            "MAGNESIUM, 300, FEMALE, NOT_PREGNANT, false, 310, RDA",
            "MAGNESIUM, 300, FEMALE, KNOWN_PREGNANT, false, 350, RDA",
            "MAGNESIUM, 300, FEMALE, NOT_PREGNANT, true, 310, RDA",
            "MAGNESIUM, 480, MALE, NOT_PREGNANT, false, 420, RDA",
            "MAGNESIUM, 480, FEMALE, NOT_PREGNANT, false, 320, RDA",
            "MAGNESIUM, 480, FEMALE, KNOWN_PREGNANT, false, 360, RDA",
            "MAGNESIUM, 480, FEMALE, NOT_PREGNANT, true, 320, RDA",
            "ZINC, 3, FEMALE, NOT_PREGNANT, false, 2, AI",
            "ZINC, 7, FEMALE, NOT_PREGNANT, false, 3, RDA",
            "ZINC, 47, FEMALE, NOT_PREGNANT, false, 3, RDA",
            "ZINC, 72, MALE, NOT_PREGNANT, false, 5, RDA",
            "ZINC, 110, MALE, NOT_PREGNANT, false, 8, RDA",
            "ZINC, 200, MALE, NOT_PREGNANT, false, 11, RDA",
            "ZINC, 200, FEMALE, NOT_PREGNANT, false, 9, RDA",
            "ZINC, 200, FEMALE, KNOWN_PREGNANT, false, 12, RDA",
            "ZINC, 200, FEMALE, NOT_PREGNANT, true, 13, RDA",
            "ZINC, 500, MALE, NOT_PREGNANT, false, 11, RDA",
            "ZINC, 500, FEMALE, NOT_PREGNANT, false, 8, RDA",
            "ZINC, 500, FEMALE, KNOWN_PREGNANT, false, 11, RDA",
            "ZINC, 500, FEMALE, NOT_PREGNANT, true, 12, RDA",
            "COPPER, 500, FEMALE, NOT_PREGNANT, false, 0.9, RDA",
    })
    void recommendedIntakes(Mineral mineral, int months, Sex sex, PregnancyStatus pregnancy, boolean lactating,
                            BigDecimal mg, LimitKind kind) {
        Limit rda = PACK.rda(mineral, new PatientProfile(months, sex, pregnancy, lactating)).orElseThrow();
        assertEquals(0, mg.compareTo(rda.mg()), rda.toString());
        assertEquals(kind, rda.kind());
    }

    @Test
    void unknownPregnancyUsesNonPregnantValueAndSaysSo() {
        Limit rda = PACK.rda(Mineral.MAGNESIUM, PatientProfile.ofYears(28, Sex.FEMALE, PregnancyStatus.UNKNOWN, false))
                .orElseThrow();
        assertEquals(0, new BigDecimal("310").compareTo(rda.mg()));
        assertTrue(rda.notes().stream().anyMatch(n -> n.contains("pregnancy status unknown")));
    }

    @Test
    void noInventedValuesWhereFactsGiveNone() {
        // pregnancy RDA for magnesium is given for 31-50 y only
        assertTrue(PACK.rda(Mineral.MAGNESIUM, PatientProfile.ofYears(52, Sex.FEMALE, PregnancyStatus.KNOWN_PREGNANT,
                false)).isEmpty());
        // sex-specific RDA with unknown sex
        assertTrue(PACK.rda(Mineral.ZINC, PatientProfile.ofYears(40, Sex.UNKNOWN, PregnancyStatus.UNKNOWN, false))
                .isEmpty());
        // the UL does not depend on sex
        assertTrue(PACK.upperLimit(Mineral.ZINC, PatientProfile.ofYears(40, Sex.UNKNOWN, PregnancyStatus.UNKNOWN, false))
                .isPresent());
    }

    @Test
    void childOfSixFromBirthDate() {
        PatientProfile child = PatientProfile.of(LocalDate.of(2020, 3, 1), LocalDate.of(2026, 11, 25), Sex.MALE,
                PregnancyStatus.NOT_PREGNANT, false);
        assertEquals(6, child.ageYears());
        assertEquals(0, new BigDecimal("110").compareTo(PACK.upperLimit(Mineral.MAGNESIUM, child).orElseThrow().mg()));
        assertEquals(0, new BigDecimal("12").compareTo(PACK.upperLimit(Mineral.ZINC, child).orElseThrow().mg()));
    }

    @Test
    void interactionRulesKeepRangesAndADrugsOwnRuleReplacesItsClass() {
        InteractionRule tetra = PACK.interaction(DrugClass.TETRACYCLINE).orElseThrow();
        assertTrue(tetra.enabled());
        assertEquals("at least 2 h", tetra.drugBeforeSupplement().display());
        assertEquals("4\u20136 h", tetra.drugAfterSupplement().display());
        assertEquals(0, new BigDecimal("6").compareTo(tetra.drugAfterSupplement().farEnd()));
        assertEquals("ciprofloxacin", PACK.interaction("ciprofloxacin", DrugClass.FLUOROQUINOLONE).orElseThrow().id());
        assertEquals("other-fluoroquinolones", PACK.interaction("ofloxacin", DrugClass.FLUOROQUINOLONE).orElseThrow().id());
        assertEquals("other-fluoroquinolones", PACK.interaction(null, DrugClass.FLUOROQUINOLONE).orElseThrow().id());
        assertFalse(PACK.interaction("elvitegravir", DrugClass.INTEGRASE_INHIBITOR).orElseThrow().enabled());
        assertEquals(java.util.List.of(Mineral.ZINC), PACK.interaction("penicillamine", DrugClass.PENICILLAMINE).orElseThrow().minerals());
        assertTrue(PACK.interactions().stream().filter(InteractionRule::enabled)
                .noneMatch(r -> r.sources().contains("Label")), "every label rule cites its drug and section");
    }

    @Test
    void thresholdsTemplatesAndNotes() {
        Thresholds t = PACK.thresholds();
        assertEquals(0, new BigDecimal("0.75").compareTo(t.serumMagnesium().lowMmolPerL()));
        assertEquals(0, new BigDecimal("0.95").compareTo(t.serumMagnesium().highMmolPerL()));
        assertFalse(t.serumZinc().hasPackRange());
        assertTrue(t.serumZinc().useLabReferenceRange());
        assertFalse(t.serumCopper().hasPackRange());
        assertTrue(t.kidney().enabled(), "facts.md now verifies the KDIGO categories and the OTC label warning");
        assertEquals(0, BigDecimal.valueOf(15).compareTo(t.kidney().criticalBelow()));
        assertEquals(0, BigDecimal.valueOf(30).compareTo(t.kidney().warningBelow()));
        assertEquals(0, BigDecimal.valueOf(45).compareTo(t.kidney().monitorBelow()));
        assertTrue(PACK.policy().note().startsWith("Policy, not fact"));
        assertEquals(0, new BigDecimal("50").compareTo(t.chronicZinc().supplementalMgPerDay()));
        RegimenTemplate foundation = PACK.template("foundation").orElseThrow();
        assertTrue(foundation.configurableTemplate());
        assertTrue(foundation.evidence().contains("not evidence of benefit"));
        assertEquals(2, foundation.doses().size());
        assertFalse(PACK.note("mg-zn-same-time").orElseThrow().enabled());
    }

    @Test
    void loadsFromFileAndOverridesDefault() throws IOException {
        Path file = writeModified(root -> {
            root.put("version", "test-2");
            ((ObjectNode) root.get("notes").get(0)).put("enabled", true);
        });
        KnowledgePack pack = KnowledgePack.load(file);
        assertEquals("test-2", pack.version());
        assertTrue(pack.note("mg-zn-same-time").orElseThrow().enabled());
    }

    @Test
    void sourceIdsAreFactsFamiliesAloneOrWithADocument() {
        assertTrue(KnowledgePack.isKnownSourceId("ODS-Mg"));
        assertTrue(KnowledgePack.isKnownSourceId("Label:CIPRO-PI-2.4"));
        assertTrue(KnowledgePack.isKnownSourceId("KDIGO"));
        assertTrue(KnowledgePack.isKnownSourceId("21-CFR-101.36"));
        assertFalse(KnowledgePack.isKnownSourceId("Label:"));
        assertFalse(KnowledgePack.isKnownSourceId("Wikipedia:Magnesium"));
        assertFalse(KnowledgePack.isKnownSourceId(null));
    }

    @Test
    void badEntriesAreNamed() throws IOException {
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-4-8y")).putArray("sources"), "limit 'zn-ul-4-8y' cites no source");
        assertBad(root -> ((ArrayNode) limit(root, "zn-ul-4-8y").get("sources")).add("Wikipedia"),
                "limit 'zn-ul-4-8y' cites unknown source 'Wikipedia'");
        assertBad(root -> ((ArrayNode) limit(root, "zn-ul-4-8y").get("sources")).add("Label:"),
                "limit 'zn-ul-4-8y' cites unknown source 'Label:'");
        assertBad(root -> ((ArrayNode) limit(root, "zn-ul-4-8y").get("sources")).add("KDIGO"),
                "limit 'zn-ul-4-8y' cites source 'KDIGO' not declared in sources");
        assertBad(root -> ((ObjectNode) limit(root, "mg-ul-4-8y")).put("mg", -110), "limit 'mg-ul-4-8y' has a negative");
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-9-13y")).put("fromMonths", 100),
                "limit 'zn-ul-9-13y' (100-168 months) overlaps limit 'zn-ul-4-8y'");
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-9-13y")).put("fromMonths", 110),
                "missing age band between limit 'zn-ul-4-8y' and limit 'zn-ul-9-13y'");
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-19y-plus")).put("toMonths", 900),
                "missing age band after limit 'zn-ul-19y-plus'");
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-19y-plus")).put("basis", "SUPPLEMENTAL"), "ULs mix bases");
        assertBad(root -> ((ObjectNode) limit(root, "zn-ul-19y-plus")).put("id", "zn-ul-14-18y"),
                "limit id 'zn-ul-14-18y' is used twice");
        assertBad(root -> ((ObjectNode) root.get("thresholds").get("kidney")).putNull("warningBelow"),
                "threshold 'low-egfr-magnesium' is enabled without its eGFR cut-offs");
        assertBad(root -> ((ObjectNode) root.get("thresholds").get("kidney")).put("warningBelow", 50),
                "threshold 'low-egfr-magnesium' cut-offs must rise");
        assertBad(root -> ((ObjectNode) root.get("policy").get("upperLimitSeverity")).put("contextAdultFromYears", 4),
                "children keep their warnings");
        assertBad(root -> root.remove("policy"), "policy.upperLimitSeverity is missing");
        assertBad(root -> ((ObjectNode) interaction(root, "other-integrase-inhibitors")).put("disabledReason", ""),
                "interaction 'other-integrase-inhibitors' is disabled without a disabledReason");
        assertBad(root -> ((ObjectNode) root.get("templates").get(0).get("doses").get(1)).put("highMg", 45),
                "template 'foundation' ZINC high dose 45 mg exceeds the adult UL 40 mg");
        assertBad(root -> ((ObjectNode) limit(root, "mg-ul-4-8y")).put("mineral", "IRON"), "limits");
        assertBad(root -> root.put("surprise", 1), "surprise");
        assertBad(root -> ((ObjectNode) root.get("interactions").get(0)).put("drugClass", "ANTACID"), "interactions");
    }

    @Test
    void unreadableOrMissingFileIsRefused() {
        KnowledgePackException e = assertThrows(KnowledgePackException.class,
                () -> KnowledgePack.load(dir.resolve("none.json")));
        assertTrue(e.getMessage().contains("none.json"));
    }

    private static com.fasterxml.jackson.databind.JsonNode limit(ObjectNode root, String id) {
        for (var e : root.get("limits")) {
            if (id.equals(e.get("id").asText())) {
                return e;
            }
        }
        throw new IllegalArgumentException(id);
    }

    static com.fasterxml.jackson.databind.JsonNode interaction(ObjectNode root, String id) {
        for (var e : root.get("interactions")) {
            if (id.equals(e.get("id").asText())) {
                return e;
            }
        }
        throw new IllegalArgumentException(id);
    }

    void assertBad(Consumer<ObjectNode> change, String expected) throws IOException {
        Path file = writeModified(change);
        KnowledgePackException e = assertThrows(KnowledgePackException.class, () -> KnowledgePack.load(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    private Path writeModified(Consumer<ObjectNode> change) throws IOException {
        ObjectNode root;
        try (InputStream in = KnowledgePack.class.getResourceAsStream(KnowledgePack.DEFAULT_RESOURCE)) {
            root = (ObjectNode) JSON.readTree(in);
        }
        change.accept(root);
        Path file = Files.createTempFile(dir, "pack", ".json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }
}
