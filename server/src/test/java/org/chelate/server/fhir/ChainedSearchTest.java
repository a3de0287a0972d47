package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Chained search, reverse chaining ({@code _has}) and {@code _total}, on H2 and PostgreSQL through real HTTP. */
class ChainedSearchTest extends ServerPerBackend {

    /** Two patients of one fresh family, in two organisations, each with an Observation and a statement. */
    private record World(String family, String mrn, String peter, String anna, String peterObs, String annaObs,
            String peterStatement, String annaStatement, String clinic) {
    }

    private static World world(FhirHttp http) {
        String family = unique("Chain");
        String clinicName = unique("Clinic");
        Organization clinic = new Organization();
        clinic.setName(clinicName);
        String clinicId = Fixtures.create(http, clinic);
        String mrn = unique("mrn");
        Patient peterPatient = Fixtures.patient(family, "Peter", "1992-05-01", mrn);
        peterPatient.setManagingOrganization(new Reference("Organization/" + clinicId));
        String peter = Fixtures.create(http, peterPatient);
        String anna = Fixtures.create(http, Fixtures.patient(family, "Anna", "1980-02-02", unique("mrn")));
        String peterObs = Fixtures.create(http, Fixtures.observation(peter, Fixtures.LOINC, "1234-5",
                "2024-03-01T08:00:00Z", "laboratory"));
        String annaObs = Fixtures.create(http, Fixtures.observation(anna, Fixtures.LOINC, "5763-1",
                "2023-01-01T08:00:00Z", "survey"));
        String peterStatement = Fixtures.create(http, Fixtures.statement(peter, "6585", "2024-01-01", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE));
        String annaStatement = Fixtures.create(http, Fixtures.statement(anna, "6585", "2024-01-01", null,
                MedicationStatement.MedicationStatementStatus.ACTIVE));
        return new World(family, mrn, peter, anna, peterObs, annaObs, peterStatement, annaStatement, clinicName);
    }

    private static Set<String> ids(FhirHttp.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        return reply.bundle().getEntry().stream()
                .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart())
                .collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void chainOneLevelReadsAnyIndexedParameterOfTheTarget(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        World w = world(http);
        assertEquals(Set.of(w.peterObs()), ids(http.get("Observation?subject.name=" + w.family()
                + "&subject.given=pet")));
        assertEquals(Set.of(w.peterObs(), w.annaObs()), ids(http.get("Observation?subject:Patient.family="
                + w.family())));
        assertEquals(Set.of(w.annaObs()), ids(http.get("Observation?subject:Patient.family:exact=" + w.family()
                + "&subject:Patient.given=Anna,Zoe")));
        assertEquals(Set.of(w.peterStatement()), ids(http.get("MedicationStatement?patient.identifier="
                + Fixtures.MRN + "|" + w.mrn())));
        assertEquals(Set.of(w.peterObs()), ids(http.get("Observation?patient.birthdate=ge1990&patient.family="
                + w.family())));
        assertEquals(Set.of(w.annaObs()), ids(http.get("Observation?subject._id=" + w.anna())));
        assertEquals(Set.of(), ids(http.get("Observation?subject.name=" + unique("Nobody"))));

        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "AMB", null));
        encounter.setSubject(new Reference("Patient/" + w.peter()));
        String visit = Fixtures.create(http, encounter);
        assertEquals(Set.of(visit), ids(http.get("Encounter?subject.birthdate=ge1990&subject.family="
                + w.family())));
        assertEquals(Set.of(), ids(http.get("Encounter?subject.birthdate=lt1990&subject.family=" + w.family())));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void chainTwoLevelsAndDeletedTargetsDoNotMatch(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        World w = world(http);
        assertEquals(Set.of(w.peterObs()), ids(http.get("Observation?subject:Patient.organization.name="
                + w.clinic())));
        assertEquals(Set.of(w.peterStatement()), ids(http.get("MedicationStatement?subject.organization.name="
                + w.clinic())));
        int deleted = http.delete("Observation/" + w.peterObs()).status();
        assertTrue(deleted == 200 || deleted == 204, "delete: " + deleted);
        assertEquals(Set.of(w.peterStatement()), ids(http.get("MedicationStatement?subject.organization.name="
                + w.clinic())));
        assertEquals(Set.of(), ids(http.get("Observation?subject:Patient.organization.name=" + w.clinic())),
                "the deleted Observation is not a match");
        Patient moved = http.get("Patient/" + w.peter()).as(Patient.class);
        moved.setManagingOrganization(null);
        assertEquals(200, http.put("Patient/" + w.peter(), moved).status());
        assertEquals(Set.of(), ids(http.get("MedicationStatement?subject.organization.name=" + w.clinic())),
                "the chain follows the current version of the patient");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hasFindsResourcesReferredToByMatchingResources(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        World w = world(http);
        String family = "&family=" + w.family();
        assertEquals(Set.of(w.peter()), ids(http.get("Patient?_has:Observation:patient:code=1234-5" + family)));
        assertEquals(Set.of(w.peter()), ids(http.get("Patient?_has:Observation:subject:code=" + Fixtures.LOINC
                + "|1234-5" + family)));
        assertEquals(Set.of(w.anna()), ids(http.get("Patient?_has:Observation:patient:date=lt2024" + family)));
        assertEquals(Set.of(w.anna()), ids(http.get("Patient?_has:Observation:patient:category=survey" + family)));
        assertEquals(Set.of(w.peter(), w.anna()), ids(http.get("Patient?_has:MedicationStatement:subject:status="
                + "active" + family)));
        assertEquals(Set.of(w.anna()), ids(http.get("Patient?_has:Observation:patient:code:not=1234-5" + family)));
        assertEquals(Set.of(), ids(http.get("Patient?_has:Observation:patient:code=" + unique("x") + family)));
        assertEquals(Set.of(w.peter()), ids(http.get("Patient?_has:Observation:patient:subject.given=Pet"
                + family)), "a chain inside _has");

        Patient peter = http.get("Patient/" + w.peter()).as(Patient.class);
        peter.addLink().setOther(new Reference("Patient/" + w.anna())).setType(Patient.LinkType.SEEALSO);
        assertEquals(200, http.put("Patient/" + w.peter(), peter).status());
        assertEquals(Set.of(w.anna()), ids(http.get("Patient?_has:Patient:link:_has:Observation:patient:code=1234-5"
                + family)), "nested _has: Anna is linked from a patient with a 1234-5 observation");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unsupportedChainsAre400NamingThem(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        assertRefused(http.get("Observation?subject:Patient.nosuch=x"), "nosuch");
        assertRefused(http.get("Observation?subject.nosuch=x"), "nosuch");
        assertRefused(http.get("Observation?code.name=x"), "code");
        assertRefused(http.get("Observation?focus.name=x"), "focus:Patient.name");
        assertRefused(http.get("Observation?subject:Medication.code=x"), "Medication");
        assertRefused(http.get("Patient?_has:Observation:patient=x"), "_has:Observation:patient");
        assertRefused(http.get("Patient?_has:Observation:code:code=x"), "code");
        assertRefused(http.get("Patient?_has:Nosuch:patient:code=x"), "Nosuch");
        assertRefused(http.get("Patient?_has:Observation:patient:nosuch=x"), "nosuch");
        assertRefused(http.get("Patient?_has:Organization:partof:name=x"), "Patient");
        assertRefused(http.get("Observation?subject.organization.partof.partof.name=x"), "more than");
        FhirHttp.Reply lenient = http.get("Observation?subject.nosuch=x&_count=1", "Prefer", "handling=lenient");
        assertEquals(200, lenient.status(), lenient.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void totalNoneLeavesTheTotalOutAndStillPages(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        World w = world(http);
        String search = "Observation?subject.family=" + w.family() + "&_count=1";
        Bundle none = http.get(search + "&_total=none").bundle();
        assertFalse(none.hasTotal(), "no total with _total=none");
        assertEquals(1, none.getEntry().size());
        assertNotNull(none.getLink("next"), "a full page still links to the next one");
        Bundle second = http.get(none.getLink("next").getUrl()).bundle();
        assertEquals(1, second.getEntry().size());
        assertEquals(2, http.get(search + "&_total=accurate").bundle().getTotal());
        assertEquals(2, http.get(search + "&_total=estimate").bundle().getTotal());
        assertTrue(http.get(search).bundle().hasTotal());
        assertRefused(http.get(search + "&_total=sometimes"), "_total");
    }

    private static void assertRefused(FhirHttp.Reply reply, String named) {
        assertEquals(400, reply.status(), reply.body());
        assertTrue(reply.diagnostics().contains(named), reply.diagnostics());
    }
}
