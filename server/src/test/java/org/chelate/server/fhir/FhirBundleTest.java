package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FhirBundleTest extends ServerPerBackend {

    private static Bundle.BundleEntryComponent entry(Bundle bundle, String fullUrl,
            org.hl7.fhir.r4.model.Resource resource, Bundle.HTTPVerb method, String url) {
        Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
        entry.getRequest().setMethod(method).setUrl(url);
        return entry;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transactionCreatesEverythingAndResolvesUrnUuidReferences(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Txn");
        String mrn = unique("mrn");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String patientUrn = "urn:uuid:" + java.util.UUID.randomUUID();
        Bundle.BundleEntryComponent patientEntry = entry(bundle, patientUrn,
                Fixtures.patient(family, "Bundle", "1977-07-07", mrn), Bundle.HTTPVerb.POST, "Patient");
        patientEntry.getRequest().setIfNoneExist("identifier=" + Fixtures.MRN + "|" + mrn);
        MedicationStatement statement = Fixtures.statement("x", "1000001", "2024-01-01", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference(patientUrn));
        entry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), statement, Bundle.HTTPVerb.POST, "MedicationStatement");
        Observation observation = Fixtures.observation("x", Fixtures.LOINC, "19123-9", "2024-01-02", "laboratory");
        observation.setSubject(new Reference(patientUrn));
        entry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), observation, Bundle.HTTPVerb.POST, "Observation");
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient?family=" + family);

        FhirHttp.Reply reply = http.post("", bundle);
        assertEquals(200, reply.status(), reply.body());
        Bundle response = reply.bundle();
        assertEquals(Bundle.BundleType.TRANSACTIONRESPONSE, response.getType());
        assertEquals(4, response.getEntry().size());
        for (int i = 0; i < 3; i++) {
            assertTrue(response.getEntry().get(i).getResponse().getStatus().startsWith("201"),
                    response.getEntry().get(i).getResponse().getStatus());
        }
        String location = response.getEntry().get(0).getResponse().getLocation();
        String patientId = location.split("/")[1];
        assertTrue(location.startsWith("Patient/" + patientId + "/_history/1"), location);
        Bundle searched = (Bundle) response.getEntry().get(3).getResource();
        assertEquals(1, searched.getTotal(), "GET runs after the POSTs and sees them");

        Bundle statements = http.get("MedicationStatement?patient=" + patientId).bundle();
        assertEquals(1, statements.getTotal());
        MedicationStatement stored = (MedicationStatement) statements.getEntryFirstRep().getResource();
        assertEquals("Patient/" + patientId, stored.getSubject().getReference());
        assertEquals(1, http.get("Observation?patient=" + patientId).bundle().getTotal());

        FhirHttp.Reply again = http.post("", bundle);
        assertEquals(200, again.status(), again.body());
        Bundle secondResponse = again.bundle();
        assertEquals("200 OK", secondResponse.getEntry().get(0).getResponse().getStatus(),
                "the conditional create found the patient of the first transaction");
        assertEquals(2, http.get("MedicationStatement?patient=" + patientId).bundle().getTotal(),
                "the second transaction's statement points at the existing patient");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void simultaneousTransactionsWithOneConditionalCreateMakeOnePatient(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String mrn = unique("mrn");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Bundle.BundleEntryComponent patientEntry = entry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(),
                Fixtures.patient(unique("Concurrent"), "Txn", "1977-07-07", mrn), Bundle.HTTPVerb.POST, "Patient");
        patientEntry.getRequest().setIfNoneExist("identifier=" + Fixtures.MRN + "|" + mrn);
        String body = FhirHttp.json(bundle);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(pool.submit(() -> http.post("", body, FhirHttp.JSON).status()));
            }
            for (var status : statuses) {
                assertEquals(200, status.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, http.get("Patient?identifier=" + Fixtures.MRN + "|" + mrn).bundle().getTotal());
    }

    /**
     * Transactions updating the same two patients, half of them listing the patients in one order and half in the
     * other: each takes both resources' write locks in one order, so none deadlocks or times out, and every update
     * is kept.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void simultaneousTransactionsUpdatingTheSameResourcesInOppositeOrdersAllSucceed(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String first = Fixtures.create(http, Fixtures.patient(unique("First"), "Pair", "1970-01-01", null));
        String second = Fixtures.create(http, Fixtures.patient(unique("Second"), "Pair", "1970-01-02", null));
        int threads = 8;
        int each = 5;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<java.util.List<Integer>>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean reversed = t % 2 == 1;
                results.add(pool.submit(() -> {
                    java.util.List<Integer> statuses = new java.util.ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                        for (String id : reversed ? java.util.List.of(second, first) : java.util.List.of(first, second)) {
                            Patient patient = Fixtures.patient("Pair", id, "1970-01-01", null);
                            patient.setId(id);
                            entry(bundle, null, patient, Bundle.HTTPVerb.PUT, "Patient/" + id);
                        }
                        statuses.add(http.post("", FhirHttp.json(bundle), FhirHttp.JSON).status());
                    }
                    return statuses;
                }));
            }
            for (var result : results) {
                assertEquals(java.util.Collections.nCopies(each, 200), result.get(120, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        String expectedVersion = String.valueOf(1 + threads * each);
        assertEquals(expectedVersion, http.get("Patient/" + first).as(Patient.class).getMeta().getVersionId());
        assertEquals(expectedVersion, http.get("Patient/" + second).as(Patient.class).getMeta().getVersionId());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aFailingEntryRollsTheWholeTransactionBack(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Rollback");
        String existing = Fixtures.create(http, Fixtures.patient(unique("Keep"), "Me", "1940-04-04", null));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), Fixtures.patient(family, "One", "1971-01-01", null),
                Bundle.HTTPVerb.POST, "Patient");
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Patient/" + existing);
        Patient stale = Fixtures.patient(family, "Two", "1972-02-02", null);
        stale.setId(existing);
        Bundle.BundleEntryComponent update = entry(bundle, null, stale, Bundle.HTTPVerb.PUT, "Patient/" + existing);
        update.getRequest().setIfMatch("W/\"7\"");

        FhirHttp.Reply reply = http.post("", bundle);
        assertTrue(reply.status() == 412 || reply.status() == 404, reply.status() + " " + reply.body());
        assertTrue(reply.diagnostics().contains("Nothing in the transaction was saved"), reply.body());
        assertEquals(0, http.get("Patient?family=" + family).bundle().getTotal(), "the POST was rolled back");
        assertEquals(200, http.get("Patient/" + existing).status(), "the DELETE was rolled back");
        assertEquals(1, http.get("Patient/" + existing + "/_history").bundle().getTotal());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnresolvableOrInvalidEntryFailsTheTransactionWith400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Dangling");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(bundle, "urn:uuid:" + java.util.UUID.randomUUID(), Fixtures.patient(family, "A", "1971-01-01", null),
                Bundle.HTTPVerb.POST, "Patient");
        Observation observation = Fixtures.observation("x", Fixtures.LOINC, "19123-9", "2024-01-02", null);
        observation.setSubject(new Reference("urn:uuid:" + java.util.UUID.randomUUID()));
        entry(bundle, null, observation, Bundle.HTTPVerb.POST, "Observation");
        FhirHttp.Reply reply = http.post("", bundle);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.diagnostics().contains("does not match the fullUrl"), reply.body());
        assertEquals(0, http.get("Patient?family=" + family).bundle().getTotal());

        Bundle wrongType = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(wrongType, null, Fixtures.patient(family, "B", "1971-01-01", null), Bundle.HTTPVerb.POST, "Observation");
        FhirHttp.Reply mismatch = http.post("", wrongType);
        assertEquals(400, mismatch.status(), mismatch.body());
        assertTrue(mismatch.diagnostics().contains("the url names Observation"), mismatch.body());

        Bundle idMismatch = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient other = Fixtures.patient(family, "C", "1971-01-01", null);
        other.setId("b");
        entry(idMismatch, null, other, Bundle.HTTPVerb.PUT, "Patient/a");
        FhirHttp.Reply idReply = http.post("", idMismatch);
        assertEquals(400, idReply.status(), idReply.body());
        assertTrue(idReply.diagnostics().contains("differs from the id"), idReply.body());

        Bundle twice = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        entry(twice, "urn:uuid:same", Fixtures.patient(family, "D", "1971-01-01", null), Bundle.HTTPVerb.POST, "Patient");
        entry(twice, "urn:uuid:same", Fixtures.patient(family, "E", "1971-01-01", null), Bundle.HTTPVerb.POST, "Patient");
        FhirHttp.Reply twiceReply = http.post("", twice);
        assertEquals(400, twiceReply.status(), twiceReply.body());
        assertTrue(twiceReply.diagnostics().contains("repeats fullUrl"), twiceReply.body());
        assertEquals(0, http.get("Patient?family=" + family).bundle().getTotal());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void batchEntriesSucceedOrFailOnTheirOwn(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Batch");
        String existing = Fixtures.create(http, Fixtures.patient(family, "Read", "1950-01-01", null));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
        entry(bundle, null, Fixtures.patient(family, "New", "1951-01-01", null), Bundle.HTTPVerb.POST, "Patient");
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + unique("missing"));
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/" + existing);
        bundle.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET).setUrl("Patient/not a valid id");

        FhirHttp.Reply reply = http.post("", bundle);
        assertEquals(200, reply.status(), reply.body());
        Bundle response = reply.bundle();
        assertEquals(Bundle.BundleType.BATCHRESPONSE, response.getType());
        assertEquals("201 Created", response.getEntry().get(0).getResponse().getStatus());
        assertEquals("404 Not Found", response.getEntry().get(1).getResponse().getStatus());
        assertTrue(response.getEntry().get(1).getResponse().getOutcome() instanceof OperationOutcome);
        assertEquals("200 OK", response.getEntry().get(2).getResponse().getStatus());
        assertEquals(existing, response.getEntry().get(2).getResource().getIdElement().getIdPart());
        assertEquals("400 Bad Request", response.getEntry().get(3).getResponse().getStatus());
        assertEquals(2, http.get("Patient?family=" + family).bundle().getTotal(), "the good POST was kept");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aBundleThatIsNeitherTransactionNorBatchIs400(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
        FhirHttp.Reply reply = http.post("", collection);
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.diagnostics().contains("transaction"), reply.body());
    }
}
