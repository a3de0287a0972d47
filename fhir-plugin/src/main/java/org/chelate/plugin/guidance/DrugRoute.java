package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * How a drug is given, read from the record: {@code Dosage.route}, the Medication's form, then the drug's and the
 * dosage's text (RxNorm names carry the dose form: "ciprofloxacin 400 MG in 200 ML Injection"). Only an oral drug
 * chelates in the gut; an IV or topical one does not (facts.md, timing).
 *
 * @param kind        oral, another route, or nothing recorded
 * @param description what the record says ("intravenous", "Oral Tablet"), or empty
 */
public record DrugRoute(Kind kind, String description) {

    public enum Kind { ORAL, OTHER, NOT_RECORDED }

    public static final DrugRoute NOT_RECORDED = new DrugRoute(Kind.NOT_RECORDED, "");

    /** SNOMED CT route codes: oral; intravenous, intramuscular, subcutaneous, topical, ophthalmic, otic, nasal,
     * rectal, vaginal. */
    private static final Set<String> ORAL_CODES = Set.of("26643006");
    private static final Set<String> OTHER_CODES = Set.of("47625008", "78421000", "34206005", "6064005", "54485002",
            "10547007", "46713006", "37161004", "16857009");

    private static final Pattern OTHER = Pattern.compile(
            "\\b(inject\\w*|infusion|intravenous|iv|i\\.v\\.|ivpb|intramuscular|im|subcutaneous|sc|sq|parenteral"
                    + "|ophthalmic|eye|otic|ear|topical|cream|ointment|lotion|vaginal|rectal|inhal\\w*|nebuli\\w*"
                    + "|intravitreal)\\b");
    private static final Pattern ORAL = Pattern.compile(
            "\\b(oral|by mouth|po|p\\.o\\.|tablets?|tabs?|capsules?|caps?|chewable|granules|sprinkle"
                    + "|for oral suspension|dispersible)\\b");

    public boolean oral() {
        return kind != Kind.OTHER;
    }

    /** The route of a drug record: structured codes first, then text (dose form in the name, the sig). */
    static DrugRoute read(List<CodeableConcept> routes, CodeableConcept form, List<String> texts) {
        for (CodeableConcept route : routes) {
            for (Coding c : route.getCoding()) {
                if (c.getCode() != null && ORAL_CODES.contains(c.getCode())) {
                    return new DrugRoute(Kind.ORAL, label(route, c));
                }
                if (c.getCode() != null && OTHER_CODES.contains(c.getCode())) {
                    return new DrugRoute(Kind.OTHER, label(route, c));
                }
            }
            DrugRoute byText = fromText(text(route));
            if (byText.kind() != Kind.NOT_RECORDED) {
                return byText;
            }
        }
        if (form != null) {
            DrugRoute byForm = fromText(text(form));
            if (byForm.kind() != Kind.NOT_RECORDED) {
                return byForm;
            }
        }
        for (String text : texts) {
            DrugRoute byText = fromText(text);
            if (byText.kind() != Kind.NOT_RECORDED) {
                return byText;
            }
        }
        return NOT_RECORDED;
    }

    private static DrugRoute fromText(String text) {
        if (text == null || text.isBlank()) {
            return NOT_RECORDED;
        }
        String t = text.toLowerCase(Locale.ROOT);
        var other = OTHER.matcher(t);
        if (other.find()) {
            return new DrugRoute(Kind.OTHER, other.group());
        }
        var oral = ORAL.matcher(t);
        return oral.find() ? new DrugRoute(Kind.ORAL, oral.group()) : NOT_RECORDED;
    }

    /** The concept's text, else its first display (without getCodingFirstRep, which would add a coding). */
    private static String text(CodeableConcept concept) {
        return concept.hasText() ? concept.getText()
                : concept.getCoding().stream().map(Coding::getDisplay).filter(d -> d != null).findFirst().orElse(null);
    }

    private static String label(CodeableConcept route, Coding c) {
        return route.hasText() ? route.getText() : c.hasDisplay() ? c.getDisplay() : c.getCode();
    }
}
