package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FhirSearchTest extends ServerPerBackend {

    private static Set<String> ids(FhirHttp.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        return reply.bundle().getEntry().stream()
                .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart())
                .collect(Collectors.toSet());
    }

    private static List<String> orderedIds(FhirHttp.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        return reply.bundle().getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void patientByIdentifierNameFamilyGivenBirthdateGenderAndId(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Ndiaye");
        String mrn = unique("mrn");
        String a = Fixtures.create(http, Fixtures.patient(family, "Aïssatou", "1984-07-15", mrn));
        String b = Fixtures.create(http, Fixtures.patient(family, "Babacar", "1990-01-31", unique("mrn")));

        assertEquals(Set.of(a), ids(http.get("Patient?identifier=" + Fixtures.MRN + "|" + mrn)));
        assertEquals(Set.of(a), ids(http.get("Patient?identifier=" + mrn)));
        assertEquals(Set.of(), ids(http.get("Patient?identifier=http://other.example|" + mrn)));
        assertEquals(Set.of(), ids(http.get("Patient?identifier=|" + mrn)), "|code means: no system");

        assertEquals(Set.of(a, b), ids(http.get("Patient?name=" + family.substring(0, 9).toLowerCase())));
        assertEquals(Set.of(a, b), ids(http.get("Patient?family=" + family)));
        assertEquals(Set.of(a), ids(http.get("Patient?name=" + family + "&given=aissa")), "accent-insensitive prefix");
        assertEquals(Set.of(a), ids(http.get("Patient?family=" + family + "&given:exact=Aïssatou")));
        assertEquals(Set.of(), ids(http.get("Patient?family=" + family + "&given:exact=aïssatou")));
        assertEquals(Set.of(b), ids(http.get("Patient?family=" + family + "&given:contains=abac")));

        assertEquals(Set.of(a), ids(http.get("Patient?family=" + family + "&birthdate=1984-07-15")));
        assertEquals(Set.of(a), ids(http.get("Patient?family=" + family + "&birthdate=1984")));
        assertEquals(Set.of(b), ids(http.get("Patient?family=" + family + "&birthdate=ge1985-01-01")));
        assertEquals(Set.of(a), ids(http.get("Patient?family=" + family + "&birthdate=le1984-07-15")));
        assertEquals(Set.of(b), ids(http.get("Patient?family=" + family + "&birthdate=gt1984-07-15")));
        assertEquals(Set.of(a), ids(http.get("Patient?family=" + family + "&birthdate=lt1990-01")));
        assertEquals(Set.of(a, b), ids(http.get("Patient?family=" + family + "&birthdate=ge1984-07-15&birthdate=le1990-01-31")));
        assertEquals(Set.of(a, b), ids(http.get("Patient?family=" + family + "&gender=female")));
        assertEquals(Set.of(), ids(http.get("Patient?family=" + family + "&gender=male")));

        assertEquals(Set.of(b), ids(http.get("Patient?_id=" + b)));
        assertEquals(Set.of(a, b), ids(http.get("Patient?_id=" + a + "," + b)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void lastUpdatedAndSortByLastUpdated(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Chrono");
        String first = Fixtures.create(http, Fixtures.patient(family, "First", "2001-01-01", null));
        Thread.sleep(20);
        String middle = new org.hl7.fhir.r4.model.InstantType(new java.util.Date()).getValueAsString();
        Thread.sleep(20);
        String second = Fixtures.create(http, Fixtures.patient(family, "Second", "2001-01-01", null));

        assertEquals(Set.of(second), ids(http.get("Patient?family=" + family + "&_lastUpdated=gt" + encode(middle))));
        assertEquals(Set.of(first), ids(http.get("Patient?family=" + family + "&_lastUpdated=lt" + encode(middle))));
        assertEquals(List.of(first, second), orderedIds(http.get("Patient?family=" + family + "&_sort=_lastUpdated")));
        assertEquals(List.of(second, first), orderedIds(http.get("Patient?family=" + family + "&_sort=-_lastUpdated")));
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void observationByPatientSubjectCodeCategoryDateStatusWithSortAndInclude(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Obs"), "Pat", "1975-03-03", null));
        String other = Fixtures.create(http, Fixtures.patient(unique("Obs"), "Other", "1975-03-03", null));
        String mg = Fixtures.create(http, Fixtures.observation(patient, Fixtures.LOINC, "19123-9", "2024-03-01T08:00:00Z", "laboratory"));
        String zn = Fixtures.create(http, Fixtures.observation(patient, Fixtures.LOINC, "5763-1", "2024-03-05T08:00:00Z", "laboratory"));
        Observation prelim = Fixtures.observation(patient, "http://example.org/scores", "cramp-score", "2024-02-10", "survey");
        prelim.setStatus(Observation.ObservationStatus.PRELIMINARY);
        String score = Fixtures.create(http, prelim);
        Fixtures.create(http, Fixtures.observation(other, Fixtures.LOINC, "19123-9", "2024-03-01", "laboratory"));

        assertEquals(Set.of(mg, zn, score), ids(http.get("Observation?patient=" + patient)));
        assertEquals(Set.of(mg, zn, score), ids(http.get("Observation?patient=Patient/" + patient)));
        assertEquals(Set.of(mg, zn, score), ids(http.get("Observation?subject=Patient/" + patient)));
        assertEquals(Set.of(mg, zn, score), ids(http.get("Observation?subject:Patient=" + patient)));
        assertEquals(Set.of(mg), ids(http.get("Observation?patient=" + patient + "&code=" + Fixtures.LOINC + "|19123-9")));
        assertEquals(Set.of(mg), ids(http.get("Observation?patient=" + patient + "&code=19123-9")));
        assertEquals(Set.of(mg, zn), ids(http.get("Observation?patient=" + patient + "&code=19123-9,5763-1")));
        assertEquals(Set.of(), ids(http.get("Observation?patient=" + patient + "&code=http://snomed.info/sct|19123-9")));
        assertEquals(Set.of(score), ids(http.get("Observation?patient=" + patient + "&category=survey")));
        assertEquals(Set.of(mg, zn), ids(http.get("Observation?patient=" + patient + "&category=" + Fixtures.OBS_CATEGORY + "|laboratory")));
        assertEquals(Set.of(score), ids(http.get("Observation?patient=" + patient + "&status=preliminary")));
        assertEquals(Set.of(mg, zn), ids(http.get("Observation?patient=" + patient + "&status=final")));

        assertEquals(Set.of(mg), ids(http.get("Observation?patient=" + patient + "&date=2024-03-01")));
        assertEquals(Set.of(mg), ids(http.get("Observation?patient=" + patient + "&date=eq2024-03-01")));
        assertEquals(Set.of(mg, zn), ids(http.get("Observation?patient=" + patient + "&date=ge2024-03-01")));
        assertEquals(Set.of(zn), ids(http.get("Observation?patient=" + patient + "&date=gt2024-03-01")));
        assertEquals(Set.of(score, mg), ids(http.get("Observation?patient=" + patient + "&date=le2024-03-01")));
        assertEquals(Set.of(score), ids(http.get("Observation?patient=" + patient + "&date=lt2024-03-01")));
        assertEquals(Set.of(mg, zn), ids(http.get("Observation?patient=" + patient + "&date=2024-03")));
        assertEquals(Set.of(zn), ids(http.get("Observation?patient=" + patient + "&date=ge2024-03-05T08:00:00Z")));

        assertEquals(List.of(score, mg, zn), orderedIds(http.get("Observation?patient=" + patient + "&_sort=date")));
        assertEquals(List.of(zn, mg, score), orderedIds(http.get("Observation?patient=" + patient + "&_sort=-date")));

        FhirHttp.Reply included = http.get("Observation?patient=" + patient + "&code=19123-9&_include=Observation:patient");
        Bundle bundle = included.bundle();
        assertEquals(1, bundle.getTotal());
        List<String> includedPatients = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE) {
                includedPatients.add(entry.getResource().getIdElement().getIdPart());
                assertTrue(entry.getResource() instanceof Patient);
            }
        }
        assertEquals(List.of(patient), includedPatients);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void medicationStatementByPatientSubjectStatusCodeEffectiveWithInclude(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Med"), "Statement", "1966-06-06", null));
        String active = Fixtures.create(http, Fixtures.statement(patient, "1000001", "2024-01-01", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE));
        String stopped = Fixtures.create(http, Fixtures.statement(patient, "2000002", "2023-01-01", "2023-06-30",
                MedicationStatement.MedicationStatementStatus.STOPPED));

        assertEquals(Set.of(active, stopped), ids(http.get("MedicationStatement?patient=" + patient)));
        assertEquals(Set.of(active, stopped), ids(http.get("MedicationStatement?subject=Patient/" + patient)));
        assertEquals(Set.of(active), ids(http.get("MedicationStatement?patient=" + patient + "&status=active")));
        assertEquals(Set.of(stopped), ids(http.get("MedicationStatement?patient=" + patient + "&code=" + Fixtures.RXNORM + "|2000002")));
        assertEquals(Set.of(active), ids(http.get("MedicationStatement?patient=" + patient + "&effective=ge2024-02-01")),
                "an open-ended period is still running");
        assertEquals(Set.of(stopped), ids(http.get("MedicationStatement?patient=" + patient + "&effective=le2023-12-31")));
        assertEquals(Set.of(stopped), ids(http.get("MedicationStatement?patient=" + patient + "&effective=2023")));
        assertEquals(Set.of(stopped), ids(http.get("MedicationStatement?patient=" + patient + "&effective=lt2023-06-01")));
        assertEquals(Set.of(active), ids(http.get("MedicationStatement?patient=" + patient + "&effective=gt2023-12-31")));
        assertEquals(List.of(stopped, active), orderedIds(http.get("MedicationStatement?patient=" + patient + "&_sort=effective")));

        Bundle withPatient = http.get("MedicationStatement?patient=" + patient + "&_include=MedicationStatement:patient").bundle();
        assertEquals(3, withPatient.getEntry().size());
        assertEquals(1, withPatient.getEntry().stream().filter(e -> e.getResource() instanceof Patient).count());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void medicationRequestByPatientStatusCode(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Med"), "Request", "1955-05-05", null));
        String active = Fixtures.create(http, Fixtures.request(patient, "3000003", MedicationRequest.MedicationRequestStatus.ACTIVE));
        String done = Fixtures.create(http, Fixtures.request(patient, "4000004", MedicationRequest.MedicationRequestStatus.COMPLETED));
        assertEquals(Set.of(active, done), ids(http.get("MedicationRequest?patient=" + patient)));
        assertEquals(Set.of(done), ids(http.get("MedicationRequest?patient=" + patient + "&status=completed")));
        assertEquals(Set.of(active), ids(http.get("MedicationRequest?patient=" + patient + "&code=" + Fixtures.RXNORM + "|3000003")));
        assertEquals(Set.of(active), ids(http.get("MedicationRequest?_id=" + active)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void pagingNextLinksWalkEveryResultExactlyOnce(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Pages"), "Many", "1970-01-01", null));
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            created.add(Fixtures.create(http, Fixtures.observation(patient, Fixtures.LOINC, "19123-9",
                    String.format("2024-01-%02dT10:00:00Z", i + 1), "laboratory")));
        }
        FhirHttp.Reply page = http.get("Observation?patient=" + patient + "&_count=10&_sort=date");
        List<String> seen = new ArrayList<>();
        int pages = 0;
        while (true) {
            assertEquals(200, page.status(), page.body());
            Bundle bundle = page.bundle();
            pages++;
            assertEquals(25, bundle.getTotal());
            bundle.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
            Bundle.BundleLinkComponent next = bundle.getLink("next");
            if (next == null) {
                break;
            }
            page = http.get(next.getUrl());
        }
        assertEquals(3, pages);
        assertEquals(25, seen.size());
        assertEquals(created, new HashSet<>(seen));
        assertEquals(seen.stream().sorted().count(), new HashSet<>(seen).size());

        Bundle last = http.get("Observation?patient=" + patient + "&_count=10&_sort=-date").bundle();
        assertNotNull(last.getLink("next"));
        assertNull(last.getLink("previous"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownParametersAre400UnlessLenient(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Lenient");
        String id = Fixtures.create(http, Fixtures.patient(family, "Handling", "1988-08-08", null));

        FhirHttp.Reply strict = http.get("Patient?family=" + family + "&shoe-size=42");
        assertEquals(400, strict.status(), strict.body());
        assertTrue(strict.diagnostics().contains("shoe-size"), strict.body());

        FhirHttp.Reply lenient = http.get("Patient?family=" + family + "&shoe-size=42", "Prefer", "handling=lenient");
        assertEquals(Set.of(id), ids(lenient));

        FhirHttp.Reply underscore = http.get("Patient?family=" + family + "&_shoeSize=42");
        assertEquals(400, underscore.status(), underscore.body());
        assertEquals(Set.of(id), ids(http.get("Patient?family=" + family + "&_shoeSize=42", "Prefer", "handling=lenient")));

        FhirHttp.Reply chained = http.get("Observation?patient.shoe-size=42");
        assertEquals(400, chained.status(), chained.body());
        assertTrue(chained.diagnostics().contains("Chained") && chained.diagnostics().contains("shoe-size"),
                chained.body());

        FhirHttp.Reply badSort = http.get("Patient?family=" + family + "&_sort=gender");
        assertEquals(400, badSort.status(), badSort.body());
        FhirHttp.Reply badDate = http.get("Patient?birthdate=yesterday");
        assertEquals(400, badDate.status(), badDate.body());
        assertTrue(badDate.diagnostics().contains("yesterday"), badDate.body());
        FhirHttp.Reply badInclude = http.get("Patient?_include=Observation:patient");
        assertEquals(400, badInclude.status(), badInclude.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchIncludesResourcesNotFromTheStoreOnlyWhenStored(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Inc"), "Missing", "1970-01-01", null));
        Observation dangling = Fixtures.observation(patient, Fixtures.LOINC, "2601-3", "2024-05-05", null);
        String obs = Fixtures.create(http, dangling);
        assertEquals(204, http.delete("Patient/" + patient).status());
        Bundle bundle = http.get("Observation?_id=" + obs + "&_include=*").bundle();
        assertEquals(1, bundle.getEntry().size(), "a deleted patient is not included");
        Resource only = bundle.getEntryFirstRep().getResource();
        assertEquals(obs, only.getIdElement().getIdPart());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aResourceMatchingSeveralWaysIsOneResultAndCountsOnce(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Twice"), "Ida", "1970-01-01", null));
        Observation both = Fixtures.observation(patient, "http://loinc.org", "19123-9", "2024-01-05", "laboratory");
        both.getCode().addCoding().setSystem("urn:local").setCode("mg-serum");
        String category = unique("cat");
        both.addCategory().addCoding().setSystem("urn:local").setCode(category);
        both.addCategory().addCoding().setSystem("urn:other").setCode(category);
        String id = Fixtures.create(http, both);
        String other = Fixtures.create(http, Fixtures.observation(patient, "urn:local", "mg-serum", "2024-02-05", null));

        FhirHttp.Reply byEitherCode = http.get("Observation?patient=" + patient + "&code=19123-9,mg-serum");
        assertEquals(Set.of(id, other), ids(byEitherCode));
        assertEquals(2, byEitherCode.bundle().getTotal());
        assertEquals(2, byEitherCode.bundle().getEntry().size());

        FhirHttp.Reply byCategory = http.get("Observation?category=" + category); // the only criterion
        assertEquals(List.of(id), orderedIds(byCategory), "two index rows of one resource, one result");
        assertEquals(1, byCategory.bundle().getTotal());
        assertEquals(1, http.get("Observation?category=" + category + "&_summary=count").bundle().getTotal());

        assertEquals(1, http.get("Observation?patient=" + patient + "&code=19123-9,mg-serum&_count=1").bundle().getEntry()
                .size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revincludeMissingAndNotAnswerWhatTheyMean(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = unique("rev");
        http.put("Patient/" + patient, new org.hl7.fhir.r4.model.Patient().setActive(true).setId(patient));
        String encounter = unique("enc");
        org.hl7.fhir.r4.model.Encounter visit = new org.hl7.fhir.r4.model.Encounter();
        visit.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
        visit.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient)).setId(encounter);
        http.put("Encounter/" + encounter, visit);
        org.hl7.fhir.r4.model.Encounter planned = new org.hl7.fhir.r4.model.Encounter();
        planned.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.PLANNED);
        planned.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patient));
        planned.addIdentifier().setSystem("urn:test").setValue(encounter);
        http.post("Encounter", planned);

        var bundle = http.get("Patient?_id=" + patient + "&_revinclude=Encounter:subject").bundle();
        assertEquals(3, bundle.getEntry().size(), FhirHttp.json(bundle));
        assertEquals(2, bundle.getEntry().stream().filter(e -> e.getSearch().getMode()
                == org.hl7.fhir.r4.model.Bundle.SearchEntryMode.INCLUDE).count());

        var notFinished = http.get("Encounter?subject=Patient/" + patient + "&status:not=finished").bundle();
        assertEquals(1, notFinished.getEntry().size());
        assertEquals("planned", ((org.hl7.fhir.r4.model.Encounter) notFinished.getEntryFirstRep().getResource())
                .getStatus().toCode());
        var noIdentifier = http.get("Encounter?subject=Patient/" + patient + "&identifier:missing=true").bundle();
        assertEquals(1, noIdentifier.getEntry().size());
        assertEquals(encounter, noIdentifier.getEntryFirstRep().getResource().getIdElement().getIdPart());
        assertEquals(1, http.get("Encounter?subject=Patient/" + patient + "&identifier:missing=false").bundle()
                .getEntry().size());
        assertEquals(400, http.get("Patient?_revinclude=Encounter:status").status());
    }
}
