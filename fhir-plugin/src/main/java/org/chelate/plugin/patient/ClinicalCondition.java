package org.chelate.plugin.patient;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Problems that change what Chelate may say (facts.md: never a supplement template with hypermagnesaemia, zinc
 * toxicity, copper deficiency, Wilson disease or eGFR &lt; 30; zinc with Wilson disease is above the UL by design).
 * Each is read from SNOMED CT or ICD-10(-CM) codes, or from the Condition's text when it is not coded.
 */
public enum ClinicalCondition {
    WILSON_DISEASE("Wilson disease", Set.of("88518009"), List.of("E83.01"),
            Pattern.compile("wilson'?s?\\s+disease|hepatolenticular", Pattern.CASE_INSENSITIVE)),
    HYPERMAGNESAEMIA("hypermagnesaemia", Set.of("66978005"), List.of("E83.41"),
            Pattern.compile("hypermagnes", Pattern.CASE_INSENSITIVE)),
    ZINC_TOXICITY("zinc toxicity", Set.of(), List.of("T56.5"),
            Pattern.compile("zinc\\s+(toxicity|poisoning|overdose)|toxic effect of zinc", Pattern.CASE_INSENSITIVE)),
    COPPER_DEFICIENCY("copper deficiency", Set.of(), List.of("E61.0"),
            Pattern.compile("copper\\s+deficien|hypocupr", Pattern.CASE_INSENSITIVE)),
    /** KDIGO G4 or G5, end-stage kidney disease or dialysis (a coded stage; a lab eGFR is read separately). */
    SEVERE_CKD("chronic kidney disease stage 4-5", Set.of("431857002", "433146000", "46177005"),
            List.of("N18.4", "N18.5", "N18.6", "Z99.2"),
            Pattern.compile("(chronic kidney disease|ckd)[^;]{0,40}?\\b(stage|g)\\s*(4|5|iv|v)\\b|end[- ]stage (renal|kidney)"
                    + "|\\besrd\\b|\\bdialysis\\b", Pattern.CASE_INSENSITIVE));

    private final String display;
    private final Set<String> snomed;
    private final List<String> icd10Prefixes;
    private final Pattern text;

    ClinicalCondition(String display, Set<String> snomed, List<String> icd10Prefixes, Pattern text) {
        this.display = display;
        this.snomed = snomed;
        this.icd10Prefixes = icd10Prefixes;
        this.text = text;
    }

    /** How a card names it. */
    public String display() {
        return display;
    }

    boolean matchesSnomed(String code) {
        return snomed.contains(code);
    }

    boolean matchesIcd10(String code) {
        String bare = code.replace(".", "");
        return icd10Prefixes.stream().anyMatch(prefix -> bare.startsWith(prefix.replace(".", "")));
    }

    Pattern text() {
        return text;
    }
}
