package org.chelate.server.cds;

/** CDS Hooks requests the server tests send. */
final class CdsRequests {

    /** A patient-view call for a 56-year-old man taking 250 mg of magnesium twice daily, all prefetch sent. */
    static final String PATIENT_VIEW = """
            {"hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","hook":"patient-view",
             "context":{"userId":"Practitioner/1","patientId":"p1"},
             "prefetch":{
              "patient":{"resourceType":"Patient","id":"p1","gender":"male","birthDate":"1970-01-01"},
              "medicationStatements":{"resourceType":"Bundle","type":"searchset","entry":[{"resource":
                {"resourceType":"MedicationStatement","id":"ms1","status":"active",
                 "medicationCodeableConcept":{"coding":[{"system":"http://chelate.org/fhir/CodeSystem/chelate-supplement","code":"magnesium"}]},
                 "subject":{"reference":"Patient/p1"},
                 "dosage":[{"timing":{"repeat":{"frequency":2,"period":1,"periodUnit":"d"}},
                   "doseAndRate":[{"doseQuantity":{"value":250,"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}}]}]}}]},
              "medicationRequests":{"resourceType":"Bundle","type":"searchset"},
              "observations":{"resourceType":"Bundle","type":"searchset"},
              "conditions":{"resourceType":"Bundle","type":"searchset"}}}
            """;

    private CdsRequests() {
    }
}
