package org.chelate.plugin.guidance;

import java.util.Optional;
import org.chelate.terminology.codes.DrugClass;
import org.chelate.terminology.codes.InteractingDrugs;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/**
 * How the CDS rules recognise an interacting drug in a medication code: a coding of the terminology's list, else the
 * product's name (the code's text, a coding's display, else the given fallback such as a reference's display).
 */
public final class InteractingDrugCode {

    /** The drug class found and the name to show (blank when the record names none). */
    public record Recognised(DrugClass drugClass, String name) {
    }

    private InteractingDrugCode() {
    }

    public static Optional<Recognised> recognise(InteractingDrugs drugs, CodeableConcept code, String fallbackName) {
        Optional<DrugClass> drugClass = Optional.empty();
        for (Coding c : code.getCoding()) {
            drugClass = drugs.classify(c.getSystem(), c.getCode());
            if (drugClass.isPresent()) {
                break;
            }
        }
        String name = code.hasText() ? code.getText() : code.getCoding().stream().filter(Coding::hasDisplay)
                .map(Coding::getDisplay).findFirst().orElse(fallbackName);
        if (drugClass.isEmpty()) {
            drugClass = drugs.classifyText(name);
        }
        return drugClass.map(d -> new Recognised(d, name));
    }
}
