package org.chelate.plugin.knowledge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The kidney cut-offs and the serum magnesium critical bounds of the default pack are in their facts.md rows. */
class KidneyAndSerumFactsTest {

    private static final Path FACTS = Path.of("..", "..", "shared", "clinical", "facts.md");
    private static final KnowledgePack PACK = KnowledgePack.loadDefault();

    private static String row(String firstCell) throws IOException {
        for (String line : Files.readString(FACTS).split("\n")) {
            if (line.startsWith("| " + firstCell)) {
                return line;
            }
        }
        throw new AssertionError("no facts.md row " + firstCell);
    }

    private static boolean mentions(String row, BigDecimal number) {
        return Pattern.compile("(?<![\\d.])" + Pattern.quote(number.stripTrailingZeros().toPlainString()) + "(?![\\d])")
                .matcher(row).find();
    }

    @Test
    void kidneyCutOffsAreTheKdigoCategoriesOfTheKidneyRow() throws IOException {
        KidneyRule k = PACK.thresholds().kidney();
        String kidney = row("Kidney");
        // "G4 (eGFR 15–29)", "G5 (< 15)", "G3b (30–44)": below 15, below 30, below 45
        assertTrue(mentions(kidney, k.criticalBelow()) && kidney.contains("< " + k.criticalBelow()), kidney);
        assertTrue(mentions(kidney, k.warningBelow()), kidney);
        assertTrue(kidney.contains("eGFR 15\u2013" + k.warningBelow().subtract(BigDecimal.ONE)), kidney);
        assertTrue(kidney.contains("(30\u2013" + k.monitorBelow().subtract(BigDecimal.ONE) + ")"), kidney);
        // "Never offer a supplement template to a patient with ... eGFR < 30"
        assertTrue(Files.readString(FACTS).contains("eGFR < " + k.noTemplateBelow()));
    }

    @Test
    void serumCriticalBoundsAreInTheSeverityRow() throws IOException {
        SerumRange mg = PACK.thresholds().serumMagnesium();
        String severity = row("Serum magnesium, severity");
        assertTrue(mentions(severity, mg.criticalBelowMmolPerL()), severity);
        assertTrue(mentions(severity, mg.criticalAtOrAboveMmolPerL()), severity);
    }

    @Test
    void thePolicyIsNotAFactAndNamesItself() {
        assertTrue(PACK.policy().note().startsWith("Policy, not fact"));
        // the adult age of the policy is the DRI adult band (UL "≥19 y")
        assertTrue(PACK.policy().upperLimitSeverity().contextAdultFromYears() >= 19);
    }
}
