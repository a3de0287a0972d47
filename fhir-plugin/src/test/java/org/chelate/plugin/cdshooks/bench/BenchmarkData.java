package org.chelate.plugin.cdshooks.bench;

import static org.chelate.plugin.guidance.Fhir.coded;
import static org.chelate.plugin.guidance.Fhir.drug;
import static org.chelate.plugin.guidance.Fhir.lab;
import static org.chelate.plugin.guidance.Fhir.patient;
import static org.chelate.plugin.guidance.Fhir.score;
import static org.chelate.plugin.guidance.Fhir.statement;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.chelate.plugin.guidance.Fhir;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing.EventTiming;

/** A realistic patient-view request: N medication statements and M observations (labs and symptom scores). */
public final class BenchmarkData {

    public static final LocalDate TODAY = org.chelate.plugin.guidance.Scenario.TODAY;

    private BenchmarkData() {
    }

    public static List<MedicationStatement> statements(int n) {
        List<MedicationStatement> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LocalDate start = TODAY.minusDays(30L + 20L * i);
            MedicationStatement ms = switch (i % 5) {
                case 0 -> coded("mg" + i, "magnesium", "100", 1, start, EventTiming.HS);
                case 1 -> coded("zn" + i, "zinc-gluconate", "100", 1, start, EventTiming.CM);
                case 2 -> statement("bg" + i, "magnesium bisglycinate", "500", 1, start, EventTiming.HS);
                case 3 -> drug("dx" + i, "doxycycline 100 mg", EventTiming.CM);
                default -> coded("zc" + i, "zinc", "10", 1, start, EventTiming.CV);
            };
            if (i >= 10) {
                ms.setStatus(MedicationStatement.MedicationStatementStatus.COMPLETED);
                ms.getEffectivePeriod().setEnd(java.sql.Date.valueOf(start.plusDays(10)));
            }
            list.add(ms);
        }
        return list;
    }

    public static List<Observation> observations(int m) {
        List<Observation> list = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            LocalDate day = TODAY.minusDays(i);
            list.add(switch (i % 4) {
                case 0 -> lab("mg" + i, "2601-3", i == 0 ? "0.62" : "0.8" + (i % 10), "mmol/L", day);
                case 1 -> score("pain" + i, "72514-3", 3 + i % 6, day);
                case 2 -> score("phq" + i, "44261-6", 5 + i % 10, day);
                default -> lab("egfr" + i, "98979-8", String.valueOf(60 + i % 30), "mL/min/{1.73_m2}", day);
            });
        }
        return list;
    }

    /** The full CDS Hooks request body as JSON text. */
    public static String patientViewRequest(int statements, int observations) {
        FhirContext ctx = FhirContext.forR4Cached();
        var p = ctx.newJsonParser();
        return "{\"hookInstance\":\"" + UUID.randomUUID() + "\",\"hook\":\"patient-view\","
                + "\"context\":{\"userId\":\"Practitioner/dr-1\",\"patientId\":\"" + Fhir.PATIENT_ID + "\"},"
                + "\"prefetch\":{"
                + "\"patient\":" + p.encodeResourceToString(patient("1984-05-10", AdministrativeGender.FEMALE)) + ","
                + "\"medicationStatements\":" + p.encodeResourceToString(bundle(statements(statements))) + ","
                + "\"medicationRequests\":" + p.encodeResourceToString(bundle(List.of())) + ","
                + "\"observations\":" + p.encodeResourceToString(bundle(observations(observations))) + ","
                + "\"conditions\":" + p.encodeResourceToString(bundle(List.of()))
                + "}}";
    }

    /** The prefetch resources alone, each as the JSON text a client would send. */
    public static List<String> prefetchResources(int statements, int observations) {
        var p = FhirContext.forR4Cached().newJsonParser();
        return List.of(p.encodeResourceToString(patient("1984-05-10", AdministrativeGender.FEMALE)),
                p.encodeResourceToString(bundle(statements(statements))),
                p.encodeResourceToString(bundle(List.of())),
                p.encodeResourceToString(bundle(observations(observations))),
                p.encodeResourceToString(bundle(List.of())));
    }

    static Bundle bundle(List<? extends Resource> resources) {
        Bundle b = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Resource r : resources) {
            b.addEntry().setFullUrl("http://ehr.example.org/fhir/" + r.fhirType() + "/" + r.getIdElement().getIdPart())
                    .setResource(r);
        }
        b.setTotal(resources.size());
        return b;
    }
}
