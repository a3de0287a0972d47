package org.chelate.terminology.resources;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeSystem.ConceptPropertyComponent;
import org.hl7.fhir.r4.model.Coding;

/** Reads the concept properties Chelate's code systems use (names are the property codes in the JSON). */
public final class Concepts {

    /** A standard code (RxNorm, SNOMED CT, LOINC) checked against a public source; see docs/terminology.md. */
    public static final String STANDARD_CODE = "standardCode";
    /** A standard code carried but NOT verified in a public source. */
    public static final String UNVERIFIED_STANDARD_CODE = "unverifiedStandardCode";

    private Concepts() {
    }

    /** All concepts, depth first (parents before children). */
    public static List<ConceptDefinitionComponent> flatten(CodeSystem cs) {
        List<ConceptDefinitionComponent> out = new ArrayList<>();
        cs.getConcept().forEach(c -> collect(c, out));
        return out;
    }

    private static void collect(ConceptDefinitionComponent c, List<ConceptDefinitionComponent> out) {
        out.add(c);
        c.getConcept().forEach(child -> collect(child, out));
    }

    public static Optional<String> string(ConceptDefinitionComponent c, String property) {
        return values(c, property).stream().findFirst().map(p -> p.getValue().primitiveValue());
    }

    public static Optional<BigDecimal> decimal(ConceptDefinitionComponent c, String property) {
        return string(c, property).map(BigDecimal::new);
    }

    public static List<Coding> codings(ConceptDefinitionComponent c, String property) {
        return values(c, property).stream().filter(ConceptPropertyComponent::hasValueCoding)
                .map(ConceptPropertyComponent::getValueCoding).toList();
    }

    /** Verified and unverified standard codes, each with its flag. */
    public static List<StandardCode> standardCodes(ConceptDefinitionComponent c) {
        List<StandardCode> out = new ArrayList<>();
        codings(c, STANDARD_CODE).forEach(cd -> out.add(new StandardCode(cd.getSystem(), cd.getCode(), cd.getDisplay(), true)));
        codings(c, UNVERIFIED_STANDARD_CODE).forEach(cd -> out.add(new StandardCode(cd.getSystem(), cd.getCode(), cd.getDisplay(), false)));
        return out;
    }

    public static List<String> synonyms(ConceptDefinitionComponent c) {
        return c.getDesignation().stream().map(CodeSystem.ConceptDefinitionDesignationComponent::getValue).toList();
    }

    private static List<ConceptPropertyComponent> values(ConceptDefinitionComponent c, String property) {
        return c.getProperty().stream().filter(p -> property.equals(p.getCode())).toList();
    }

    /** A standard code attached to a Chelate concept. */
    public record StandardCode(String system, String code, String display, boolean verified) {
    }
}
