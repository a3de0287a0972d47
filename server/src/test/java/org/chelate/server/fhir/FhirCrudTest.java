package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FhirCrudTest extends ServerPerBackend {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void createThenReadReturnsTheStoredResourceWithVersionAndLocation(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        FhirHttp.Reply created = http.post("Patient", Fixtures.patient("Lovelace", "Ada", "1815-12-10", unique("mrn")));
        assertEquals(201, created.status(), created.body());
        Patient body = created.as(Patient.class);
        String id = body.getIdElement().getIdPart();
        assertTrue(FhirIds.isValid(id), id);
        assertTrue(created.header("Location").endsWith("/Patient/" + id + "/_history/1"), created.header("Location"));
        assertEquals("W/\"1\"", created.header("ETag"));
        assertNotNull(body.getMeta().getLastUpdated());

        FhirHttp.Reply read = http.get("Patient/" + id);
        assertEquals(200, read.status(), read.body());
        Patient patient = read.as(Patient.class);
        assertEquals("Lovelace", patient.getNameFirstRep().getFamily());
        assertEquals("1815-12-10", patient.getBirthDateElement().getValueAsString());
        assertEquals("1", patient.getMeta().getVersionId());
        assertEquals("W/\"1\"", read.header("ETag"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void xmlIsAcceptedAndServedToo(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Xml\"/></name>"
                + "<birthDate value=\"1999-12-31\"/></Patient>";
        FhirHttp.Reply created = http.post("Patient", xml, "application/fhir+xml");
        assertEquals(201, created.status(), created.body());
        String id = created.as(Patient.class).getIdElement().getIdPart();
        FhirHttp.Reply read = http.send(java.net.http.HttpRequest.newBuilder(http.uri("Patient/" + id + "?_format=xml"))
                .GET());
        assertEquals(200, read.status(), read.body());
        assertTrue(read.body().startsWith("<Patient xmlns=\"http://hl7.org/fhir\">"), read.body());
        assertTrue(read.body().contains("<family value=\"Xml\"/>"), read.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everySupportedTypeCanBeCreatedAndRead(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patientId = Fixtures.create(http, Fixtures.patient("Types", "All", "1970-01-01", null));
        Medication medication = new Medication();
        medication.setCode(new CodeableConcept(new Coding(Fixtures.RXNORM, "1000001", "magnesium glycinate")));
        List<org.hl7.fhir.r4.model.Resource> resources = List.of(medication,
                Fixtures.statement(patientId, "1000001", "2024-01-01", null,
                        MedicationStatement.MedicationStatementStatus.ACTIVE),
                Fixtures.observation(patientId, Fixtures.LOINC, "19123-9", "2024-01-02", "laboratory"),
                Fixtures.request(patientId, "1000001", MedicationRequest.MedicationRequestStatus.ACTIVE));
        for (org.hl7.fhir.r4.model.Resource resource : resources) {
            String id = Fixtures.create(http, resource);
            FhirHttp.Reply read = http.get(resource.fhirType() + "/" + id);
            assertEquals(200, read.status(), read.body());
            assertTrue(read.body().contains("\"resourceType\":\"" + resource.fhirType() + "\""), read.body());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateMakesNewVersionsThatVreadAndHistoryShow(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Patient patient = Fixtures.patient("Curie", "Marie", "1867-11-07", unique("mrn"));
        String id = Fixtures.create(http, patient);

        patient.setId(id);
        patient.getNameFirstRep().setFamily("Skłodowska-Curie");
        FhirHttp.Reply updated = http.put("Patient/" + id, patient);
        assertEquals(200, updated.status(), updated.body());
        assertEquals("W/\"2\"", updated.header("ETag"));
        assertEquals("2", updated.as(Patient.class).getMeta().getVersionId());

        assertEquals("Curie", http.get("Patient/" + id + "/_history/1").as(Patient.class).getNameFirstRep().getFamily());
        assertEquals("Skłodowska-Curie",
                http.get("Patient/" + id + "/_history/2").as(Patient.class).getNameFirstRep().getFamily());
        assertEquals(404, http.get("Patient/" + id + "/_history/3").status());

        FhirHttp.Reply history = http.get("Patient/" + id + "/_history");
        assertEquals(200, history.status(), history.body());
        Bundle bundle = history.bundle();
        assertEquals(Bundle.BundleType.HISTORY, bundle.getType());
        assertEquals(2, bundle.getTotal());
        assertEquals("2", bundle.getEntry().get(0).getResource().getMeta().getVersionId());
        assertEquals("1", bundle.getEntry().get(1).getResource().getMeta().getVersionId());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void typeHistoryListsVersionsOfThatTypeIncludingDeletions(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String since = new org.hl7.fhir.r4.model.InstantType(new java.util.Date()).getValueAsString();
        Thread.sleep(5);
        Medication medication = new Medication();
        medication.setCode(new CodeableConcept(new Coding(Fixtures.RXNORM, unique("m"), null)));
        String id = Fixtures.create(http, medication);
        assertEquals(204, http.delete("Medication/" + id).status());

        FhirHttp.Reply history = http.get("Medication/_history?_since=" + java.net.URLEncoder.encode(since,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, history.status(), history.body());
        Bundle bundle = history.bundle();
        List<String> methods = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getRequest().getUrl().contains(id)) {
                methods.add(entry.getRequest().getMethod().toCode());
            }
        }
        assertEquals(List.of("DELETE", "POST"), methods);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deleteMakesReadAnswer410AndKeepsHistory(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = Fixtures.create(http, Fixtures.patient("Gone", "Soon", "1990-01-01", null));
        FhirHttp.Reply deleted = http.delete("Patient/" + id);
        assertEquals(204, deleted.status(), deleted.body());

        FhirHttp.Reply read = http.get("Patient/" + id);
        assertEquals(410, read.status(), read.body());
        assertTrue(read.diagnostics().contains("deleted"), read.body());
        assertEquals(200, http.get("Patient/" + id + "/_history/1").status());
        assertEquals(410, http.get("Patient/" + id + "/_history/2").status());
        assertEquals(2, http.get("Patient/" + id + "/_history").bundle().getTotal());

        assertEquals(0, http.get("Patient?_id=" + id).bundle().getTotal());
        assertEquals(404, http.delete("Patient/" + unique("never")).status());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateOfAnUnknownIdCreatesItWithThatId(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = unique("client-");
        Patient patient = Fixtures.patient("Chosen", "Id", "2000-02-02", null);
        patient.setId(id);
        FhirHttp.Reply created = http.put("Patient/" + id, patient);
        assertEquals(201, created.status(), created.body());
        assertEquals(200, http.get("Patient/" + id).status());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ifMatchWithAStaleVersionIs412AndChangesNothing(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Patient patient = Fixtures.patient("Stale", "Version", "1950-05-05", null);
        String id = Fixtures.create(http, patient);
        patient.setId(id);
        assertEquals(200, http.put("Patient/" + id, patient, "If-Match", "W/\"1\"").status());

        patient.getNameFirstRep().setFamily("Lost");
        FhirHttp.Reply stale = http.put("Patient/" + id, patient, "If-Match", "W/\"1\"");
        assertEquals(412, stale.status(), stale.body());
        assertTrue(stale.diagnostics().contains("current version is 2"), stale.body());
        assertEquals("Stale", http.get("Patient/" + id).as(Patient.class).getNameFirstRep().getFamily());
    }

    /**
     * A create or update answers with the JSON the store wrote (not a second encoding): the same text a read then
     * gives, with HAPI's headers. Asked for XML or pretty output, HAPI encodes the answer itself.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void createAndUpdateAnswerWithTheStoredRepresentation(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Patient patient = Fixtures.patient(unique("Stored"), "Body", "1955-05-05", unique("mrn"));
        patient.getManagingOrganization().setReference("Organization/elsewhere");
        FhirHttp.Reply created = http.post("Patient", patient);
        assertEquals(201, created.status(), created.body());
        String id = created.as(Patient.class).getIdElement().getIdPart();
        String location = server(backend).fhirBase() + "/Patient/" + id + "/_history/1";
        assertEquals(location, created.header("Location"));
        assertEquals(location, created.header("Content-Location"));
        assertEquals("W/\"1\"", created.header("ETag"));
        assertNotNull(created.header("Last-Modified"));
        assertTrue(created.header("Content-Type").startsWith(FhirHttp.JSON), created.header("Content-Type"));
        assertEquals(http.get("Patient/" + id).body(), created.body(), "the create answered what a read gives");

        Patient changed = created.as(Patient.class);
        changed.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.OTHER);
        FhirHttp.Reply updated = http.put("Patient/" + id, changed, "If-Match", "W/\"1\"");
        assertEquals(200, updated.status(), updated.body());
        assertEquals("W/\"2\"", updated.header("ETag"));
        assertEquals(server(backend).fhirBase() + "/Patient/" + id + "/_history/2", updated.header("Content-Location"));
        assertEquals(http.get("Patient/" + id).body(), updated.body(), "the update answered what a read gives");

        java.net.http.HttpResponse<String> xml = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server(backend).fhirBase() + "/Patient"))
                        .header("Content-Type", FhirHttp.JSON).header("Accept", "application/fhir+xml")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(FhirHttp.json(patient))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(201, xml.statusCode(), xml.body());
        assertTrue(xml.body().startsWith("<Patient"), xml.body());
        FhirHttp.Reply pretty = http.post("Patient?_pretty=true", patient);
        assertEquals(201, pretty.status(), pretty.body());
        assertTrue(pretty.body().contains("\n"), pretty.body());
        FhirHttp.Reply minimal = http.post("Patient", patient, "Prefer", "return=minimal");
        assertEquals(201, minimal.status(), minimal.body());
        assertEquals("", minimal.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentIfMatchUpdatesNeverLoseOne(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Observation observation = Fixtures.observation(Fixtures.create(http,
                Fixtures.patient("Race", "Condition", "1980-01-01", null)), Fixtures.LOINC, "72514-3", null, null);
        String id = Fixtures.create(http, observation);
        int writers = 16;
        int updatesEach = 3;
        CyclicBarrier start = new CyclicBarrier(writers);
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger stale = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    for (int done = 0, attempts = 0; done < updatesEach && attempts < 2_000; attempts++) {
                        Observation latest = http.get("Observation/" + id).as(Observation.class);
                        String version = latest.getMeta().getVersionId();
                        String note = "writer-" + writer + "-update-" + done;
                        latest.addNote().setText(note);
                        latest.setId(id);
                        FhirHttp.Reply put = http.put("Observation/" + id, latest, "If-Match", "W/\"" + version + "\"");
                        if (put.status() == 200) {
                            acknowledged.add(note);
                            done++;
                        } else if (put.status() == 412) {
                            stale.incrementAndGet();
                        } else {
                            unexpected.add(put.status() + " " + put.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(300, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), unexpected, "every racer gets 200 or 412 (stale version), never 409 or 5xx");
        assertEquals(writers * updatesEach, acknowledged.size(), "every racer finished its updates");
        assertTrue(stale.get() > 0, "the writers really raced (some If-Match went stale)");
        Observation last = http.get("Observation/" + id).as(Observation.class);
        assertEquals(String.valueOf(1 + acknowledged.size()), last.getMeta().getVersionId(),
                "one version per acknowledged update, on top of the create");
        Set<String> kept = new HashSet<>();
        last.getNote().forEach(note -> kept.add(note.getText()));
        assertEquals(acknowledged, kept, "every acknowledged update is in the final version, none lost");
        assertEquals(acknowledged.size(), last.getNote().size(), "and each exactly once");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void conditionalCreateReturnsTheExistingMatchOr412WhenAmbiguous(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String mrn = unique("mrn");
        Patient patient = Fixtures.patient("Conditional", "Create", "1960-06-06", mrn);
        String condition = "identifier=" + Fixtures.MRN + "|" + mrn;
        FhirHttp.Reply first = http.post("Patient", patient, "If-None-Exist", condition);
        assertEquals(201, first.status(), first.body());
        String id = first.as(Patient.class).getIdElement().getIdPart();

        FhirHttp.Reply second = http.post("Patient", patient, "If-None-Exist", condition);
        assertEquals(200, second.status(), second.body());
        assertTrue(second.header("Location").contains("/Patient/" + id + "/"), second.header("Location"));
        assertEquals(1, http.get("Patient?" + condition).bundle().getTotal());

        assertEquals(201, http.post("Patient", patient).status());
        FhirHttp.Reply ambiguous = http.post("Patient", patient, "If-None-Exist", condition);
        assertEquals(412, ambiguous.status(), ambiguous.body());
        assertTrue(ambiguous.diagnostics().contains("more than one"), ambiguous.body());
        assertEquals(2, http.get("Patient?" + condition).bundle().getTotal());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void simultaneousConditionalCreatesMakeOneResource(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String mrn = unique("mrn");
        String condition = "identifier=" + Fixtures.MRN + "|" + mrn;
        Patient patient = Fixtures.patient("Retry", "Storm", "1961-01-01", mrn);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                statuses.add(pool.submit(() -> http.post("Patient", patient, "If-None-Exist", condition).status()));
            }
            int created = 0;
            for (Future<Integer> status : statuses) {
                int code = status.get(60, TimeUnit.SECONDS);
                assertTrue(code == 201 || code == 200, "status " + code);
                created += code == 201 ? 1 : 0;
            }
            assertEquals(1, created);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, http.get("Patient?" + condition).bundle().getTotal());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void historyPagesWithCount(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Patient patient = Fixtures.patient("Many", "Versions", "1930-03-03", null);
        String id = Fixtures.create(http, patient);
        patient.setId(id);
        for (int i = 0; i < 6; i++) {
            patient.getNameFirstRep().setFamily("Version" + (i + 2));
            assertEquals(200, http.put("Patient/" + id, patient).status());
        }
        Bundle first = http.get("Patient/" + id + "/_history?_count=3").bundle();
        assertEquals(7, first.getTotal());
        assertEquals(3, first.getEntry().size());
        assertEquals("7", first.getEntry().get(0).getResource().getMeta().getVersionId());
        List<String> versions = new ArrayList<>();
        Bundle page = first;
        while (true) {
            page.getEntry().forEach(e -> versions.add(e.getResource().getMeta().getVersionId()));
            if (page.getLink("next") == null) {
                break;
            }
            page = http.get(page.getLink("next").getUrl()).bundle();
        }
        assertEquals(List.of("7", "6", "5", "4", "3", "2", "1"), versions);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void medicationByCodeAndIdAndIncludedFromAStatement(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String code = unique("rx");
        Medication medication = new Medication();
        medication.setCode(new CodeableConcept(new Coding(Fixtures.RXNORM, code, "zinc gluconate 50 mg")));
        String medicationId = Fixtures.create(http, medication);
        assertEquals(medicationId, http.get("Medication?code=" + Fixtures.RXNORM + "|" + code).bundle()
                .getEntryFirstRep().getResource().getIdElement().getIdPart());
        assertEquals(1, http.get("Medication?_id=" + medicationId).bundle().getTotal());

        String patient = Fixtures.create(http, Fixtures.patient("Zinc", "Taker", "1990-09-09", null));
        MedicationStatement statement = Fixtures.statement(patient, "x", "2024-04-04", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setMedication(new org.hl7.fhir.r4.model.Reference("Medication/" + medicationId));
        Fixtures.create(http, statement);
        Bundle bundle = http.get("MedicationStatement?patient=" + patient
                + "&_include=MedicationStatement:medication&_include=MedicationStatement:patient").bundle();
        assertEquals(1, bundle.getTotal());
        assertEquals(3, bundle.getEntry().size());
        assertTrue(bundle.getEntry().stream().anyMatch(e -> e.getResource() instanceof Medication
                && e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void updateReplacesTheSearchIndex(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Before");
        Patient patient = Fixtures.patient(family, "Index", "1999-09-09", null);
        String id = Fixtures.create(http, patient);
        assertEquals(1, http.get("Patient?family=" + family).bundle().getTotal());
        String renamed = unique("After");
        patient.setId(id);
        patient.getNameFirstRep().setFamily(renamed);
        assertEquals(200, http.put("Patient/" + id, patient).status());
        assertEquals(0, http.get("Patient?family=" + family).bundle().getTotal());
        assertEquals(1, http.get("Patient?family=" + renamed).bundle().getTotal());
        assertNotEquals(family, renamed);
        assertFalse(http.get("Patient?family=" + renamed).bundle().getEntry().isEmpty());
    }
}
