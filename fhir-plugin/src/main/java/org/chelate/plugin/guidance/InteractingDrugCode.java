package org.chelate.plugin.guidance;

import java.util.Optional;
import org.chelate.terminology.codes.DrugClass;
import org.chelate.terminology.codes.InteractingDrug;
import org.chelate.terminology.codes.InteractingDrugs;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * How the CDS rules recognise an interacting drug in a medication code: a coding of the terminology's list (the
 * ingredient when the code names one, else its class), else the product's name (the code's text, a coding's display,
 * else the given fallback such as a reference's display).
 */
public final class InteractingDrugCode {

    /**
     * The drug class found, the ingredient when known (its own pack entry may replace the class rule) and the name to
     * show (blank when the record names none).
     */
    public record Recognised(DrugClass drugClass, Optional<InteractingDrug> ingredient, String name) {

        /** The terminology's code of the ingredient, null when only the class is known. */
        public String drugCode() {
            return ingredient.map(InteractingDrug::code).orElse(null);
        }
    }

    private InteractingDrugCode() {
    }

    public static Optional<Recognised> recognise(InteractingDrugs drugs, CodeableConcept code, String fallbackName) {
        Optional<DrugClass> drugClass = Optional.empty();
        Optional<InteractingDrug> ingredient = Optional.empty();
        for (Coding c : code.getCoding()) {
            ingredient = drugs.ingredient(c.getSystem(), c.getCode());
            drugClass = ingredient.map(InteractingDrug::drugClass).or(() -> drugs.classify(c.getSystem(), c.getCode()));
            if (drugClass.isPresent()) {
                break;
            }
        }
        String name = code.hasText() ? code.getText() : code.getCoding().stream().filter(Coding::hasDisplay)
                .map(Coding::getDisplay).findFirst().orElse(fallbackName);
        if (drugClass.isEmpty()) {
            ingredient = drugs.ingredientByText(name);
            drugClass = ingredient.map(InteractingDrug::drugClass);
        }
        Optional<InteractingDrug> found = ingredient;
        return drugClass.map(d -> new Recognised(d, found, name));
    }
}
