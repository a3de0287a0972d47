package org.chelate.server.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;

/**
 * A patient record for the clinician view's tests, as a FHIR transaction: magnesium (a salt, converted), zinc named by
 * text ("Zinc 50 mg (as zinc gluconate)"), a stopped magnesium oxide, doxycycline at bedtime with the magnesium at
 * bedtime (a clash), a completed ciprofloxacin course, serum magnesium (mg/dL), zinc (with the lab's range), copper and
 * eGFR results, daily pain scores, and as many further products as asked for.
 */
final class ViewRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPPLEMENT = "http://chelate.org/fhir/CodeSystem/chelate-supplement";

    private final String patientId;
    private final LocalDate today;
    private final ArrayNode entries = JSON.createArrayNode();

    private ViewRecords(String patientId, LocalDate today) {
        this.patientId = patientId;
        this.today = today;
    }

    /** The record: 5 products and 2 drugs plus {@code extraProducts}, and one pain score a day for {@code scoreDays}. */
    static String transaction(String patientId, LocalDate today, int extraProducts, int scoreDays) {
        ViewRecords r = new ViewRecords(patientId, today);
        ObjectNode patient = r.resource("Patient", patientId);
        patient.putArray("name").addObject().put("family", "Rivera").putArray("given").add("Ana");
        patient.put("gender", "female").put("birthDate", "1984-07-02");
        r.statement("mg-bis", "Magnesium bisglycinate 500 mg", "magnesium-bisglycinate", 200, -1, "active", 500, "HS", null);
        r.statement("zn", "Zinc 50 mg (as zinc gluconate)", null, 300, -1, "active", 0, "CM", null);
        r.statement("mg-ox", "Magnesium oxide 400 mg", "magnesium-oxide", 500, 250, "stopped", 400, null, null);
        r.statement("doxy", "Doxycycline 100 mg", null, 30, -1, "active", 100, "HS", null);
        r.statement("cipro", "Ciprofloxacin 500 mg", null, 60, 50, "completed", 500, null, "08:00:00");
        for (int i = 0; i < extraProducts; i++) {
            boolean zinc = i % 2 == 1;
            r.statement("extra-" + i, (zinc ? "Zinc " : "Magnesium citrate ") + (zinc ? 5 + i : 50 + 10 * i) + " mg",
                    zinc ? "zinc" : "magnesium", 700 - 30 * i, 680 - 30 * i, "completed", zinc ? 5 + i : 50 + 10 * i,
                    "MORN", null);
        }
        for (int day = 0; day < scoreDays; day++) {
            ObjectNode o = r.observation("pain-" + day, "72514-3", day);
            o.put("valueInteger", (day < 200 ? 5 : 7) + day % 3);
        }
        r.labs("19123-9", "mg/dL", new double[] {1.6, 1.7, 1.9, 2.1}, null);
        r.labs("5763-8", "ug/dL", new double[] {60, 72, 80, 95}, new double[] {70, 120});
        r.labs("5631-7", "ug/dL", new double[] {90, 80, 70, 65}, null);
        r.labs("98979-8", "mL/min/{1.73_m2}", new double[] {75, 70, 62, 58}, null);
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "transaction");
        bundle.set("entry", r.entries);
        return bundle.toString();
    }

    /** Resource ids are the patient's id and a name, so that records of several patients never overwrite each other. */
    static String id(String patientId, String name) {
        return patientId + "-" + name;
    }

    private ObjectNode resource(String type, String name) {
        String id = type.equals("Patient") ? name : id(patientId, name);
        ObjectNode entry = entries.addObject();
        ObjectNode resource = entry.putObject("resource").put("resourceType", type).put("id", id);
        entry.putObject("request").put("method", "PUT").put("url", type + "/" + id);
        return resource;
    }

    private void statement(String id, String text, String code, int startDaysAgo, int endDaysAgo, String status,
            double doseMg, String when, String timeOfDay) {
        ObjectNode ms = resource("MedicationStatement", id).put("status", status);
        ObjectNode concept = ms.putObject("medicationCodeableConcept").put("text", text);
        if (code != null) {
            concept.putArray("coding").addObject().put("system", SUPPLEMENT).put("code", code);
        }
        ms.putObject("subject").put("reference", "Patient/" + patientId);
        ObjectNode period = ms.putObject("effectivePeriod").put("start", day(startDaysAgo));
        if (endDaysAgo >= 0) {
            period.put("end", day(endDaysAgo));
        }
        ObjectNode dosage = ms.putArray("dosage").addObject();
        ObjectNode repeat = dosage.putObject("timing").putObject("repeat").put("frequency", 1).put("period", 1)
                .put("periodUnit", "d");
        if (when != null) {
            repeat.putArray("when").add(when);
        }
        if (timeOfDay != null) {
            repeat.putArray("timeOfDay").add(timeOfDay);
        }
        if (doseMg > 0) {
            dosage.putArray("doseAndRate").addObject().putObject("doseQuantity").put("value", doseMg).put("unit", "mg")
                    .put("system", "http://unitsofmeasure.org").put("code", "mg");
        }
    }

    private ObjectNode observation(String id, String loinc, int daysAgo) {
        ObjectNode o = resource("Observation", id).put("status", "final");
        o.putObject("subject").put("reference", "Patient/" + patientId);
        o.putObject("code").putArray("coding").addObject().put("system", "http://loinc.org").put("code", loinc);
        o.put("effectiveDateTime", day(daysAgo));
        return o;
    }

    private void labs(String loinc, String unit, double[] values, double[] range) {
        for (int i = 0; i < values.length; i++) {
            ObjectNode o = observation("lab-" + loinc.replace("-", "") + "-" + i, loinc, 330 - 100 * i);
            o.putArray("category").addObject().putArray("coding").addObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/observation-category").put("code", "laboratory");
            o.putObject("valueQuantity").put("value", values[i]).put("unit", unit)
                    .put("system", "http://unitsofmeasure.org").put("code", unit);
            if (range != null) {
                ObjectNode r = o.putArray("referenceRange").addObject();
                r.putObject("low").put("value", range[0]).put("unit", unit);
                r.putObject("high").put("value", range[1]).put("unit", unit);
            }
        }
    }

    private String day(int daysAgo) {
        return today.minusDays(daysAgo).toString();
    }
}
