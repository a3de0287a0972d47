package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Every kind of output the server gives (read, search, history, transaction and batch responses, compartment and system
 * search, system history, $everything, $regimen-summary, errors) validated with HAPI's FhirInstanceValidator over R4
 * core and the Chelate FHIR NPM package: no errors.
 */
class OutputValidationTest extends ServerPerBackend {

    @Test
    void everyKindOfOutputValidatesWithoutErrors() throws Exception {
        FhirHttp http = http(Backend.H2);
        String patient = "Patient/" + unique("v");
        String text = SharedData.read(SharedData.dataDir().resolve("hl7-r4-examples/Patient-example.json"))
                .replace("\"id\": \"example\"", "\"id\": \"" + patient.substring(8) + "\"");
        assertEquals(201, http.put(patient, text, FhirHttp.JSON).status());
        http.put(patient, text.replace("\"active\": true", "\"active\": false"), FhirHttp.JSON);
        String statement = "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",\"subject\":"
                + "{\"reference\":\"" + patient + "\"},\"medicationCodeableConcept\":{\"text\":\"Magnesium glycinate "
                + "200 mg\"},\"effectiveDateTime\":\"2024-03-01\",\"dosage\":[{\"text\":\"1 tablet daily\"}]}";
        assertEquals(201, http.post("MedicationStatement", statement, FhirHttp.JSON).status());

        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        batch.addEntry().setResource(new Patient().setActive(true)).getRequest()
                .setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl(patient);
        batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + unique("missing"));
        Bundle transaction = batch.copy().setType(Bundle.BundleType.TRANSACTION);
        transaction.getEntry().remove(2);
        transaction.getEntryFirstRep().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID());

        Map<String, FhirHttp.Reply> outputs = new LinkedHashMap<>();
        outputs.put("read", http.get(patient));
        outputs.put("vread", http.get(patient + "/_history/1"));
        outputs.put("search", http.get("Patient?_id=" + patient.substring(8) + "&_revinclude=MedicationStatement:subject"));
        outputs.put("search with include", http.get("MedicationStatement?subject=" + patient
                + "&_include=MedicationStatement:subject"));
        outputs.put("history", http.get(patient + "/_history"));
        outputs.put("type history", http.get("Patient/_history?_count=5"));
        outputs.put("transaction response", http.post("", FhirHttp.json(transaction), FhirHttp.JSON));
        outputs.put("batch response", http.post("", FhirHttp.json(batch), FhirHttp.JSON));
        outputs.put("compartment search", http.get(patient + "/MedicationStatement"));
        outputs.put("system search", http.get("?_type=Patient,MedicationStatement&_lastUpdated=ge2000-01-01&_count=5"));
        // newest first: the batch's and the transaction's patients, then the statement (a page holding two versions of
        // one patient and a reference to it is valid, but the validator reports the reference as ambiguous)
        outputs.put("system history", http.get("_history?_count=3"));
        outputs.put("everything", http.get(patient + "/$everything?_count=1"));
        outputs.put("patch response", http.patch(patient, "[{\"op\":\"replace\",\"path\":\"/active\","
                + "\"value\":true}]", "application/json-patch+json"));
        outputs.put("patch error", http.patch(patient, "[{\"op\":\"remove\",\"path\":\"/photo/9\"}]",
                "application/json-patch+json"));
        outputs.put("regimen summary", http.get(patient + "/$regimen-summary"));
        outputs.put("not found", http.get("Patient/" + unique("nobody")));
        outputs.put("bad search", http.get("Patient?shoe-size=3"));
        outputs.put("capability statement", http.get("metadata"));

        ChelatePackageValidator validation = new ChelatePackageValidator(FhirHttp.CONTEXT);
        StringBuilder errors = new StringBuilder();
        for (Map.Entry<String, FhirHttp.Reply> output : outputs.entrySet()) {
            assertTrue(output.getValue().body().startsWith("{"), output.getKey() + ": " + output.getValue().body());
            List<SingleValidationMessage> found = validation.validate(output.getValue().body()).getMessages().stream()
                    .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()).toList();
            found.forEach(m -> errors.append(output.getKey()).append(": ").append(m.getLocationString()).append(' ')
                    .append(m.getMessage()).append('\n'));
        }
        assertEquals("", errors.toString());
    }
}
