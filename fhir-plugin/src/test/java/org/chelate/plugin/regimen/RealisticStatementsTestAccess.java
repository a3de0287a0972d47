package org.chelate.plugin.regimen;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;

/** The realistic statements, for tests in other packages. */
public final class RealisticStatementsTestAccess {

    private RealisticStatementsTestAccess() {
    }

    public static List<MedicationStatement> statements() {
        return RealisticStatementsTest.cases().stream().map(c -> c.statement()).distinct().toList();
    }

    public static Map<String, Medication> referenced() {
        return RealisticStatementsTest.referenced();
    }
}
