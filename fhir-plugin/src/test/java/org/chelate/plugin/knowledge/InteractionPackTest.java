package org.chelate.plugin.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack's timing entries against the facts.md timing table: one entry per row, each number of an entry (hours,
 * fasting minutes, and every number in its wording) in its own row, each label it cites named in that row.
 */
class InteractionPackTest {

    private static final Path FACTS = Path.of("..", "..", "shared", "clinical", "facts.md");
    private static final KnowledgePack PACK = KnowledgePack.loadDefault();
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])\\d+(\\.\\d+)?(?![\\w.])");
    private static List<String> timingRows;

    @TempDir
    Path dir;

    @BeforeAll
    static void read() throws IOException {
        String facts = Files.readString(FACTS);
        int start = facts.indexOf("## Timing");
        int end = facts.indexOf("\n## ", start + 3);
        timingRows = new ArrayList<>();
        for (String line : facts.substring(start, end).split("\n")) {
            if (line.startsWith("|") && !line.startsWith("|---") && !line.startsWith("| drug class")) {
                timingRows.add(line);
            }
        }
    }

    private static String row(InteractionRule r) {
        return timingRows.stream().filter(l -> l.split("\\|")[1].trim().startsWith(r.factsRow())).findFirst()
                .orElseThrow(() -> new AssertionError(r.id() + ": no facts.md timing row '" + r.factsRow() + "'"));
    }

    private static void assertInRow(InteractionRule r, String row, String number, String what) {
        Pattern p = Pattern.compile("(?<![\\d.])" + Pattern.quote(number) + "(?![\\d])");
        assertTrue(p.matcher(row).find(), r.id() + ": " + what + " " + number + " is not in its facts row " + row);
    }

    @Test
    void everyTimingRowOfFactsHasAnEntry() {
        for (String row : timingRows) {
            String first = row.split("\\|")[1].trim();
            if (first.startsWith("thiazide")) {
                continue; // "monitoring, not timing": no separation to give
            }
            assertTrue(PACK.interactions().stream().anyMatch(r -> r.enabled() && first.startsWith(r.factsRow())),
                    "no enabled pack entry for the facts.md timing row '" + first + "'");
        }
    }

    @Test
    void everyNumberOfAnEntryIsInItsOwnRow() {
        for (InteractionRule r : PACK.interactions()) {
            if (!r.enabled()) {
                continue;
            }
            String row = row(r);
            for (HourRange h : java.util.Arrays.asList(r.drugBeforeSupplement(), r.drugAfterSupplement())) {
                if (h != null) {
                    assertInRow(r, row, h.minHours().stripTrailingZeros().toPlainString(), "hours");
                    if (h.maxHours() != null) {
                        assertInRow(r, row, h.maxHours().stripTrailingZeros().toPlainString(), "hours");
                    }
                }
            }
            if (r.fastingMinutes() != null) {
                assertInRow(r, row, r.fastingMinutes() + " min", "fasting");
            }
            for (String words : List.of(r.action(), r.text(), r.note() == null ? "" : r.note())) {
                Matcher m = NUMBER.matcher(words);
                while (m.find()) {
                    assertInRow(r, row, m.group(), "wording number");
                }
            }
        }
    }

    @Test
    void everyCitedLabelIsNamedInItsRowWithItsSection() {
        for (InteractionRule r : PACK.interactions()) {
            if (!r.enabled()) {
                continue;
            }
            String row = row(r).toLowerCase(Locale.ROOT);
            for (String id : r.sources()) {
                if (!id.startsWith("Label:")) {
                    assertTrue(row.contains(id.toLowerCase(Locale.ROOT)), r.id() + " cites " + id + ", not in " + row);
                    continue;
                }
                String doc = id.substring("Label:".length()).toLowerCase(Locale.ROOT);
                int pi = doc.lastIndexOf("-pi");
                String drug = doc.substring(0, pi);
                assertTrue(row.contains(drug + " pi"), r.id() + ": " + drug + " PI not in " + row);
                if (pi + 3 < doc.length()) {
                    assertTrue(row.contains("\u00a7" + doc.substring(pi + 4)), r.id() + ": section of " + id);
                }
                Source s = PACK.source(id).orElseThrow();
                assertTrue(s.url() == null || s.url().startsWith("https://dailymed.nlm.nih.gov/"), id);
                assertFalse((s.label() + s.citation()).toLowerCase(Locale.ROOT).matches(".*(facts\\.md|verify).*"),
                        "card text names no internal file or verify state: " + id);
            }
        }
    }

    @Test
    void badTimingEntriesAreNamed() throws IOException {
        assertBad(root -> ((ObjectNode) interaction(root, "ciprofloxacin")).putArray("drugs").add("doxycycline"),
                "interaction 'ciprofloxacin': drug 'doxycycline' is a TETRACYCLINE, not a FLUOROQUINOLONE");
        assertBad(root -> ((ObjectNode) interaction(root, "levofloxacin")).putArray("drugs").add("ciprofloxacin"),
                "interaction 'levofloxacin': drug 'ciprofloxacin' has two rules");
        assertBad(root -> ((ObjectNode) interaction(root, "levofloxacin")).putArray("drugs").add("aspirin"),
                "interaction 'levofloxacin' names drug 'aspirin'");
        assertBad(root -> ((ObjectNode) interaction(root, "ciprofloxacin")).putArray("drugs"),
                "interaction 'other-fluoroquinolones': drug class FLUOROQUINOLONE has two class rules");
        assertBad(root -> ((ObjectNode) interaction(root, "moxifloxacin")).remove("action"),
                "interaction 'moxifloxacin' needs an action");
        assertBad(root -> ((ObjectNode) interaction(root, "moxifloxacin")).put("action", "x {mineral}".repeat(20)),
                "interaction 'moxifloxacin' action is longer than 80 characters");
        assertBad(root -> ((ObjectNode) interaction(root, "ibandronate")).remove("fastingMinutes"),
                "interaction 'ibandronate' is drugFirst without a positive fastingMinutes");
        assertBad(root -> ((ObjectNode) interaction(root, "deferiprone")).remove("factsRow"),
                "interaction 'deferiprone' names no facts.md timing row");
        assertBad(root -> ((ObjectNode) interaction(root, "raltegravir")).put("notRecommended", false),
                "interaction 'raltegravir' is enabled but gives no separation hours");
    }

    private static com.fasterxml.jackson.databind.JsonNode interaction(ObjectNode root, String id) {
        return KnowledgePackTest.interaction(root, id);
    }

    private void assertBad(Consumer<ObjectNode> change, String expected) throws IOException {
        ObjectNode root;
        try (InputStream in = KnowledgePack.class.getResourceAsStream(KnowledgePack.DEFAULT_RESOURCE)) {
            root = (ObjectNode) new ObjectMapper().readTree(in);
        }
        change.accept(root);
        Path file = Files.createTempFile(dir, "pack", ".json");
        new ObjectMapper().writeValue(file.toFile(), root);
        KnowledgePackException e = assertThrows(KnowledgePackException.class, () -> KnowledgePack.load(file));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        assertEquals(KnowledgePackException.class, e.getClass());
    }
}
