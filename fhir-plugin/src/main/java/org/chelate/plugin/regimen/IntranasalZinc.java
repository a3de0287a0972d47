package org.chelate.plugin.regimen;

import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;

/**
 * Zinc given in the nose (gels, swabs, sprays): FDA (16 June 2009) advised stopping these products for loss of smell;
 * they are not an oral dose and never count toward intake (facts.md, zinc table). Recognised from the product's text
 * naming zinc (or Zicam) with a nasal word, or from a nasal route on a zinc product's dosage.
 */
final class IntranasalZinc {

    private static final Pattern ZINC = Pattern.compile("\\b(zinc|zicam|zn)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern NASAL = Pattern.compile("\\b(intra-?nasal|nasal|nose|nostrils?|swabs?)\\b",
            Pattern.CASE_INSENSITIVE);
    /** SNOMED CT 46713006 |Nasal route|. */
    private static final String NASAL_ROUTE = "46713006";

    private IntranasalZinc() {
    }

    static boolean applies(List<String> productTexts, List<Dosage> dosages) {
        boolean zinc = false;
        for (String text : productTexts) {
            if (text == null || text.isBlank() || !ZINC.matcher(text).find()) {
                continue;
            }
            zinc = true;
            if (NASAL.matcher(text).find()) {
                return true;
            }
        }
        if (!zinc) {
            return false;
        }
        for (Dosage dosage : dosages) {
            if (dosage.hasText() && NASAL.matcher(dosage.getText()).find()) {
                return true;
            }
            if (dosage.hasRoute() && nasal(dosage.getRoute())) {
                return true;
            }
        }
        return false;
    }

    private static boolean nasal(CodeableConcept route) {
        if (route.hasText() && NASAL.matcher(route.getText()).find()) {
            return true;
        }
        for (Coding c : route.getCoding()) {
            if (NASAL_ROUTE.equals(c.getCode()) || (c.hasDisplay() && NASAL.matcher(c.getDisplay()).find())) {
                return true;
            }
        }
        return false;
    }
}
