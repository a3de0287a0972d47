package org.chelate.plugin.knowledge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.chelate.terminology.Mineral;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every number of the default pack must be in ../shared/clinical/facts.md, in the row it claims to come from
 * (mineral section and kind of value), so that a typo in the pack (530 for 350) cannot reach a card.
 */
class FactsConsistencyTest {

    private static final Path FACTS = Path.of("..", "..", "shared", "clinical", "facts.md");
    private static final KnowledgePack PACK = KnowledgePack.loadDefault();
    private static String facts;

    @BeforeAll
    static void read() throws IOException {
        assertTrue(Files.isRegularFile(FACTS), "facts file expected at " + FACTS.toAbsolutePath());
        facts = Files.readString(FACTS);
    }

    /** The table rows of a section ("## Magnesium") whose first cell matches. */
    private static List<String> rows(String section, Pattern firstCell) {
        int start = facts.indexOf("## " + section);
        int end = facts.indexOf("\n## ", start + 3);
        String body = facts.substring(start, end < 0 ? facts.length() : end);
        List<String> rows = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("|") && !line.startsWith("|---")) {
                String[] cells = line.split("\\|");
                if (cells.length > 2 && firstCell.matcher(cells[1]).find()) {
                    rows.add(line);
                }
            }
        }
        assertFalse(rows.isEmpty(), "no row matching " + firstCell + " in section " + section);
        return rows;
    }

    private static boolean mentions(List<String> rows, String number) {
        Pattern p = Pattern.compile("(?<![\\d.])" + Pattern.quote(number) + "(?![\\d])");
        return rows.stream().anyMatch(r -> p.matcher(r).find());
    }

    private static String section(Mineral m) {
        return switch (m) {
            case MAGNESIUM -> "Magnesium";
            case ZINC -> "Zinc";
            case COPPER -> "Zinc";
        };
    }

    @Test
    void everyLimitIsInItsFactsRow() {
        for (LimitEntry e : PACK.limitEntries()) {
            if (e.notEstablished()) {
                assertTrue(mentions(rows(section(e.mineral()), Pattern.compile("UL")), "established")
                        || facts.contains("not established"), e.id());
                continue;
            }
            String number = e.mg().stripTrailingZeros().toPlainString();
            List<String> rows;
            if (e.mineral() == Mineral.COPPER) {
                rows = rows("Zinc", Pattern.compile("Copper"));
                number = e.kind() == LimitKind.RDA ? e.mg().multiply(BigDecimal.valueOf(1000)).stripTrailingZeros()
                        .toPlainString() : number;
            } else if (e.kind() == LimitKind.UL) {
                rows = rows(section(e.mineral()), Pattern.compile("^\\s*(Upper limit|UL)"));
            } else {
                rows = rows(section(e.mineral()), Pattern.compile("^\\s*(RDA|AI)"));
            }
            assertTrue(mentions(rows, number), "limit '" + e.id() + "' = " + number + " mg is not in " + rows);
        }
    }

    @Test
    void thresholdsTimingTemplatesAndNotesAreInFacts() {
        Thresholds t = PACK.thresholds();
        List<String> serum = rows("Magnesium", Pattern.compile("Normal serum magnesium"));
        assertTrue(mentions(serum, t.serumMagnesium().lowMmolPerL().toPlainString()));
        assertTrue(mentions(serum, t.serumMagnesium().highMmolPerL().toPlainString()));
        List<String> chronic = rows("Zinc", Pattern.compile("Chronic high intake"));
        assertTrue(mentions(chronic, t.chronicZinc().supplementalMgPerDay().toPlainString()));
        assertTrue(mentions(chronic, String.valueOf(t.chronicZinc().minWeeks())));
        for (InteractionRule r : PACK.interactions()) {
            if (!r.enabled()) {
                continue;
            }
            List<String> timing = rows("Timing", Pattern.compile(".*"));
            for (HourRange h : java.util.Arrays.asList(r.drugBeforeSupplement(), r.drugAfterSupplement())) {
                if (h != null) {
                    String text = h.maxHours() == null ? h.minHours().toPlainString() + " h"
                            : h.minHours().toPlainString() + "\u2013" + h.maxHours().toPlainString() + " h";
                    assertTrue(mentions(timing, text.split(" ")[0]), r.id() + ": " + text);
                }
            }
        }
        List<String> claims = rows("Claims", Pattern.compile("80\u2013100"));
        for (RegimenTemplate template : PACK.templates()) {
            for (TemplateDose d : template.doses()) {
                assertTrue(mentions(claims, d.lowMg().toPlainString() + "\u2013" + d.highMg().toPlainString()),
                        template.id() + " " + d);
            }
        }
        assertTrue(mentions(rows("Zinc", Pattern.compile("High-dose zinc")),
                PACK.note("mg-zn-same-time").orElseThrow().zincMgPerDayStudied().toPlainString()));
    }

    @Test
    void noClaimWithoutEvidenceAppearsInThePack() throws IOException {
        String pack;
        try (var in = KnowledgePack.class.getResourceAsStream(KnowledgePack.DEFAULT_RESOURCE)) {
            pack = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).toLowerCase();
        }
        for (String banned : List.of("upregulat", "zip transporter", "mitochondria", "fibromyalgia")) {
            assertFalse(pack.contains(banned), banned);
        }
    }
}
