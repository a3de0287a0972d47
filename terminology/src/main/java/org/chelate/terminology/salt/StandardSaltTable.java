package org.chelate.terminology.salt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.resources.Concepts;
import org.chelate.terminology.resources.TerminologyResources;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/** Builds the standard {@link SaltTable} from the shipped supplement CodeSystem (concepts with kind = salt). */
final class StandardSaltTable {

    static final SaltTable INSTANCE = build(TerminologyResources.standard().requireCodeSystem(ChelateSystems.SUPPLEMENT));

    private StandardSaltTable() {
    }

    static SaltTable build(CodeSystem supplement) {
        List<Salt> salts = new ArrayList<>();
        Map<String, String> codings = new HashMap<>();
        for (ConceptDefinitionComponent c : Concepts.flatten(supplement)) {
            if (!"salt".equals(Concepts.string(c, "kind").orElse(null))) {
                continue;
            }
            Mineral mineral = mineralOf(c);
            String formula = Concepts.string(c, "formula")
                    .orElseThrow(() -> new IllegalStateException("salt " + c.getCode() + " has no formula"));
            salts.add(new Salt(c.getCode(), c.getDisplay(), mineral, formula, Concepts.synonyms(c)));
            Concepts.standardCodes(c).stream().filter(Concepts.StandardCode::verified)
                    .forEach(sc -> codings.put(sc.system() + "|" + sc.code(), c.getCode()));
        }
        return new SaltTable(salts, codings);
    }

    static Mineral mineralOf(ConceptDefinitionComponent c) {
        String code = Concepts.string(c, "mineral")
                .orElseThrow(() -> new IllegalStateException("concept " + c.getCode() + " has no mineral property"));
        return Mineral.valueOf(code.toUpperCase(Locale.ROOT));
    }
}
