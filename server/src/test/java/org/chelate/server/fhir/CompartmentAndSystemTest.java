package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compartment search, system search, system history and Patient/$everything over real HTTP on H2 and PostgreSQL,
 * paged by offset links that carry the whole search (no server memory between pages).
 */
class CompartmentAndSystemTest extends ServerPerBackend {

    /** A patient with observations, an encounter and a medication request; and another patient's observation. */
    record Seeded(String patient, String other, String code, String organization, String medication,
            Set<String> compartment) {
    }

    static Seeded seed(FhirHttp http) {
        String code = unique("code");
        String organization = created(http.post("Organization", new Organization().setName("Clinic")));
        String medication = created(http.post("Medication", new Medication()));
        Patient patient = new Patient();
        patient.setManagingOrganization(new Reference(organization));
        String own = created(http.post("Patient", patient));
        String other = created(http.post("Patient", new Patient()));
        Set<String> compartment = new HashSet<>(Set.of(own));
        String encounter = created(http.post("Encounter", new Encounter().setStatus(Encounter.EncounterStatus.FINISHED)
                .setSubject(new Reference(own))));
        compartment.add(encounter);
        for (int i = 0; i < 3; i++) {
            Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                    .setSubject(new Reference(own)).setEncounter(new Reference(encounter));
            observation.getCode().addCoding().setSystem("http://example.org/codes").setCode(i == 0 ? "other" : code);
            compartment.add(created(http.post("Observation", observation)));
        }
        MedicationRequest request = new MedicationRequest().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(MedicationRequest.MedicationRequestIntent.ORDER).setSubject(new Reference(own))
                .setMedication(new Reference(medication));
        compartment.add(created(http.post("MedicationRequest", request)));
        Observation others = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setSubject(new Reference(other));
        others.getCode().addCoding().setSystem("http://example.org/codes").setCode(code);
        created(http.post("Observation", others));
        return new Seeded(own, other, code, organization, medication, compartment);
    }

    static String created(FhirHttp.Reply reply) {
        assertEquals(201, reply.status(), reply.body());
        return FhirHttp.CONTEXT.newJsonParser().parseResource(reply.body()).getIdElement().toUnqualifiedVersionless()
                .getValue();
    }

    /** Every entry of every page, following next links; checks no page repeats a match. */
    static List<Bundle.BundleEntryComponent> allPages(FhirHttp http, String first) {
        List<Bundle.BundleEntryComponent> entries = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            FhirHttp.Reply reply = http.get(next);
            assertEquals(200, reply.status(), next + ": " + reply.body());
            Bundle page = reply.bundle();
            entries.addAll(page.getEntry());
            Bundle.BundleLinkComponent link = page.getLink("next");
            next = link == null ? null : link.getUrl();
            assertTrue(next == null || next.contains("_offset="), "offset paging: " + next);
            assertTrue(++pages < 100, "paging ends");
        }
        return entries;
    }

    static Set<String> ids(List<Bundle.BundleEntryComponent> entries, Bundle.SearchEntryMode mode) {
        Set<String> ids = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : entries) {
            if (entry.getSearch().getMode() == mode) {
                assertTrue(ids.add(entry.getResource().getIdElement().toUnqualifiedVersionless().getValue()),
                        "each match once: " + entry.getFullUrl());
            }
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void compartmentSearchFindsThePatientsResourcesAndCombinesWithOtherParameters(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Seeded s = seed(http);
        Bundle coded = http.get(s.patient() + "/Observation?code=http://example.org/codes%7C" + s.code()).bundle();
        assertEquals(2, coded.getTotal());
        Bundle all = http.get(s.patient() + "/Observation").bundle();
        assertEquals(3, all.getTotal());
        List<Bundle.BundleEntryComponent> paged = allPages(http, s.patient() + "/Observation?_count=2");
        assertEquals(3, ids(paged, Bundle.SearchEntryMode.MATCH).size());
        Bundle encounters = http.get(s.patient() + "/Encounter").bundle();
        assertEquals(1, encounters.getTotal());
        String encounter = encounters.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless().getValue();
        assertEquals(3, http.get(encounter + "/Observation").bundle().getTotal(), "the Encounter compartment");
        assertEquals(0, http.get(s.other() + "/MedicationRequest").bundle().getTotal());

        FhirHttp.Reply notMember = http.get(s.patient() + "/Organization");
        assertEquals(400, notMember.status(), notMember.body());
        assertTrue(notMember.body().contains("not in the Patient compartment"), notMember.body());
        assertEquals(400, http.get(s.patient() + "/Observation?shoe-size=3").status());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void systemSearchTakesTypeIdAndLastUpdatedAndRefusesOtherParameters(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Seeded s = seed(http);
        String patientId = s.patient().substring("Patient/".length());
        Bundle byId = http.get("?_type=Patient,Observation&_id=" + patientId).bundle();
        assertEquals(1, byId.getTotal());
        assertEquals(s.patient(), byId.getEntryFirstRep().getResource().getIdElement().toUnqualifiedVersionless()
                .getValue());
        assertEquals(0, http.get("?_type=Observation&_id=" + patientId).bundle().getTotal());
        Bundle recent = http.get("?_type=Patient&_lastUpdated=ge2000-01-01&_count=1").bundle();
        assertTrue(recent.getTotal() >= 2, "both patients");
        assertEquals(1, recent.getEntry().size());
        assertTrue(recent.getLink("next").getUrl().contains("_offset=1"), recent.getLink("next").getUrl());
        List<Bundle.BundleEntryComponent> everyType = allPages(http, "?_lastUpdated=ge2000-01-01&_count=50");
        assertTrue(ids(everyType, Bundle.SearchEntryMode.MATCH).containsAll(s.compartment()));
        assertEquals(0, http.get("?_type=Patient&_lastUpdated=lt2000-01-01").bundle().getTotal());

        FhirHttp.Reply unknown = http.get("?_type=Patient&name=x");
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.body().contains("'name'"), unknown.body());
        assertEquals(400, http.get("?_type=NoSuchType").status());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void systemHistoryPagesByOffsetAndTakesSince(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Seeded s = seed(http);
        Bundle first = http.get("_history?_count=3").bundle();
        assertEquals(Bundle.BundleType.HISTORY, first.getType());
        assertEquals(3, first.getEntry().size());
        String next = first.getLink("next").getUrl();
        assertTrue(next.contains("_offset=3"), next);
        Bundle second = http.get(next).bundle();
        assertEquals(3, second.getEntry().size());
        assertTrue(!first.getEntry().get(0).getFullUrl().equals(second.getEntry().get(0).getFullUrl()));
        Bundle future = http.get("_history?_since=2999-01-01T00:00:00Z").bundle();
        assertEquals(0, future.getEntry().size());
        FhirHttp.Reply at = http.get("_history?_at=2024-01-01");
        assertEquals(400, at.status(), at.body());
        assertTrue(http.get("_history?_since=2000-01-01T00:00:00Z").bundle().getTotal() > s.compartment().size());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everythingReturnsThePatientItsCompartmentAndWhatTheyReference(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Seeded s = seed(http);
        List<Bundle.BundleEntryComponent> entries = allPages(http, s.patient() + "/$everything?_count=2");
        assertEquals(s.compartment(), ids(entries, Bundle.SearchEntryMode.MATCH));
        Set<String> included = new HashSet<>();
        entries.stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                .forEach(e -> included.add(e.getResource().getIdElement().toUnqualifiedVersionless().getValue()));
        assertTrue(included.contains(s.organization()), included.toString());
        assertTrue(included.contains(s.medication()), included.toString());

        Bundle observations = http.get(s.patient() + "/$everything?_type=Observation").bundle();
        assertEquals(3, observations.getTotal());
        assertTrue(observations.getEntry().stream().allMatch(e -> e.getResource() instanceof Observation));
        assertEquals(0, http.get(s.patient() + "/$everything?_since=2999-01-01T00:00:00Z").bundle().getTotal());
        assertEquals(404, http.get("Patient/" + unique("nobody") + "/$everything").status());
        FhirHttp.Reply typeLevel = http.get("Patient/$everything");
        assertEquals(400, typeLevel.status(), typeLevel.body());
        assertTrue(typeLevel.body().contains("$everything"), typeLevel.body());
        FhirHttp.Reply start = http.get(s.patient() + "/$everything?start=2020-01-01");
        assertEquals(400, start.status(), start.body());
    }
}
