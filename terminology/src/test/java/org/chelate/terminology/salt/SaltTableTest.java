package org.chelate.terminology.salt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.ChelateSystems;
import org.junit.jupiter.api.Test;

class SaltTableTest {

    /** The facts file lives beside the project: ../shared/clinical/facts.md from the repository root. */
    private static final Path FACTS = Path.of("..", "..", "shared", "clinical", "facts.md");

    record FactsRow(String name, String formula, BigDecimal percent) {
    }

    static List<FactsRow> factsSaltRows() throws IOException {
        List<FactsRow> rows = new ArrayList<>();
        boolean inTable = false;
        Pattern percent = Pattern.compile("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*%");
        for (String line : Files.readAllLines(FACTS)) {
            if (line.startsWith("## ")) {
                inTable = line.startsWith("## Elemental fraction");
                continue;
            }
            if (!inTable || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| salt")) {
                continue;
            }
            String[] cells = line.split("\\|");
            Matcher m = percent.matcher(cells[3]);
            if (m.find()) {
                rows.add(new FactsRow(cells[1].trim(), plainFormula(cells[2].trim()), new BigDecimal(m.group(1))));
            }
        }
        return rows;
    }

    static String plainFormula(String unicode) {
        StringBuilder sb = new StringBuilder();
        for (char c : unicode.toCharArray()) {
            sb.append(c >= '₀' && c <= '₉' ? (char) ('0' + (c - '₀')) : c);
        }
        return sb.toString();
    }

    @Test
    void everyFactsRowIsReproducedWithinTwoTenthsOfAPoint() throws IOException {
        List<FactsRow> rows = factsSaltRows();
        assertEquals(18, rows.size(), "facts file salt table rows parsed");
        SaltTable table = SaltTable.standard();
        for (FactsRow row : rows) {
            Salt salt = table.all().stream().filter(s -> s.formula().equals(row.formula())).findFirst()
                    .orElseThrow(() -> new AssertionError("no salt with formula " + row.formula() + " (" + row.name() + ")"));
            BigDecimal computed = salt.elementalFraction().movePointRight(2);
            assertTrue(computed.subtract(row.percent()).abs().compareTo(new BigDecimal("0.2")) <= 0,
                    row.name() + ": computed " + computed + " % vs facts " + row.percent() + " %");
        }
        assertEquals(rows.size(), table.all().size(), "the table holds exactly the facts rows");
    }

    @Test
    void elementalMilligramsOfBisglycinateMatchesTheFactsExample() {
        SaltTable table = SaltTable.standard();
        Salt glycinate = table.byName("Magnesium Glycinate").orElseThrow();
        BigDecimal mg = table.elementalMilligrams(glycinate, new BigDecimal("500"));
        // facts.md / team brief: 500 mg magnesium bisglycinate ~= 70 mg Mg
        assertTrue(mg.compareTo(new BigDecimal("69")) > 0 && mg.compareTo(new BigDecimal("71")) < 0, mg.toPlainString());
    }

    @Test
    void zincSulfateHeptahydrateMatchesOds() {
        SaltTable table = SaltTable.standard();
        // ODS: 220 mg zinc sulfate holds 50 mg zinc
        BigDecimal zn = table.elementalMilligrams(table.byName("zinc sulfate").orElseThrow(), new BigDecimal("220"));
        assertEquals(50, zn.setScale(0, java.math.RoundingMode.HALF_UP).intValue());
    }

    @Test
    void negativeOrMissingCompoundAmountIsRejected() {
        SaltTable table = SaltTable.standard();
        Salt oxide = table.byCode("magnesium-oxide").orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.elementalMilligrams(oxide, new BigDecimal("-1")));
        assertTrue(e.getMessage().contains("-1"));
        assertThrows(IllegalArgumentException.class, () -> table.elementalMilligrams(oxide, null));
        assertEquals(0, table.elementalMilligrams(oxide, BigDecimal.ZERO).signum());
    }

    @Test
    void lookupsByCodeCodingAndName() {
        SaltTable table = SaltTable.standard();
        assertEquals(Mineral.ZINC, table.byCode("zinc-picolinate").orElseThrow().mineral());
        assertEquals("magnesium-citrate", table.byCoding(ChelateSystems.SUPPLEMENT, "magnesium-citrate").orElseThrow().code());
        assertTrue(table.byCoding(ChelateSystems.SUPPLEMENT, "magnesium").isEmpty(), "an ingredient is not a salt");
        assertTrue(table.byCoding("http://example.org", "magnesium-citrate").isEmpty());
        assertEquals("magnesium-oxide", table.byName("MAG-OX").orElseThrow().code());
        assertEquals("zinc-bisglycinate", table.byName("zinc bisglycinate chelate").orElseThrow().code());
        assertTrue(table.byName("oxide").isEmpty(), "a bare anion is ambiguous between minerals");
        assertTrue(table.byName(null).isEmpty());
    }
}
