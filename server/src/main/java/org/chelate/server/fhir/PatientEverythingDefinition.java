package org.chelate.server.fhir;

import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;

/**
 * Completes the generated definition of {@code Patient/[id]/$everything} as the standard one it implements
 * (http://hl7.org/fhir/OperationDefinition/Patient-everything): its base, {@code _type} as code, and its Bundle
 * output. {@code start} and {@code end} (care dates) are not supported, so not listed; {@code _offset} pages it.
 */
final class PatientEverythingDefinition {

    static final String STANDARD = "http://hl7.org/fhir/OperationDefinition/Patient-everything";

    private PatientEverythingDefinition() {
    }

    static void amend(OperationDefinition definition) {
        definition.setBase(STANDARD);
        definition.setTitle("Fetch Patient Record");
        definition.setDescription("The patient, every resource in the patient's compartment (R4 CompartmentDefinition)"
                + " and the resources they reference, as a searchset Bundle paged by _count and _offset (next links)."
                + " _since and _type restrict it; start and end are not supported (400).");
        definition.getParameter().stream().filter(p -> p.getName().equals("_type")).forEach(p -> p.setType("code"));
        definition.getParameter().removeIf(p -> p.getUse() == OperationParameterUse.OUT);
        definition.addParameter().setName("return").setUse(OperationParameterUse.OUT).setMin(1).setMax("1")
                .setType("Bundle").setDocumentation("The patient's record: a searchset Bundle");
    }
}
