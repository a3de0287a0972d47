package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Search pages written from the stored JSON ({@link StoredSearchResponse}) are the text HAPI itself writes, and every
 * request that changes the encoding still gets HAPI's own answer.
 */
class StoredSearchResponseTest extends ServerPerBackend {

    private static final String LOINC = "http://loinc.org";

    /** A patient with three observations, one with a contained resource and an extension. */
    private static String patientWithObservations(FhirHttp http, String family) {
        String patient = Fixtures.create(http, Fixtures.patient(family, "Zeynep", "1979-03-02", unique("mrn")));
        Fixtures.create(http, Fixtures.observation(patient, LOINC, "19123-9", "2024-01-05", "laboratory"));
        Fixtures.create(http, Fixtures.observation(patient, LOINC, "19123-9", "2024-02-05", "laboratory"));
        Observation rich = Fixtures.observation(patient, LOINC, "2601-3", "2024-03-05T08:30:00+02:00", "laboratory");
        rich.addExtension("http://example.org/fhir/note", new org.hl7.fhir.r4.model.StringType("fasting, \"8 h\" ü"));
        rich.setValue(new org.hl7.fhir.r4.model.Quantity().setValue(new java.math.BigDecimal("0.850"))
                .setUnit("mmol/L").setSystem("http://unitsofmeasure.org").setCode("mmol/L"));
        Patient contained = new Patient();
        contained.setId("p1");
        contained.addName().setFamily("Performer");
        rich.getContained().add(contained);
        rich.addPerformer().setReference("#p1");
        Fixtures.create(http, rich);
        return patient;
    }

    /** The text from "entry" on: the Bundle id, time and self link differ between two searches, the entries must not. */
    private static String entries(FhirHttp.Reply reply) {
        assertEquals(200, reply.status(), reply.body());
        int start = reply.body().indexOf("\"entry\":");
        assertTrue(start > 0, reply.body());
        return reply.body().substring(start);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchPagesAreTheTextHapiWrites(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = patientWithObservations(http, unique("Stored"));
        String search = "Observation?patient=Patient/" + patient + "&_count=2&_include=Observation:patient";

        FhirHttp.Reply stored = http.get(search);
        FhirHttp.Reply hapi = http.get(search + "&_summary=false"); // a parameter that makes HAPI write it
        assertEquals(entries(hapi), entries(stored));
        assertEquals("application/fhir+json;charset=utf-8", stored.header("Content-Type").replace(" ", ""));
        Bundle bundle = stored.bundle();
        assertEquals(3, bundle.getTotal());
        assertEquals(3, bundle.getEntry().size(), "two matches and the included patient");
        assertEquals(Bundle.SearchEntryMode.INCLUDE, bundle.getEntry().get(2).getSearch().getMode());
        assertTrue(bundle.getLink("next") != null, stored.body());

        FhirHttp.Reply next = http.get(bundle.getLink("next").getUrl());
        FhirHttp.Reply nextByHapi = http.get(bundle.getLink("next").getUrl() + "&_summary=false");
        assertEquals(entries(nextByHapi), entries(next));
        Observation rich = (Observation) next.bundle().getEntry().get(0).getResource();
        assertEquals("p1", rich.getContained().get(0).getIdElement().getIdPart());
        assertEquals("0.850", rich.getValueQuantity().getValueElement().getValueAsString());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void encodingParametersStillApply(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = patientWithObservations(http, unique("Params"));
        String search = "Observation?patient=Patient/" + patient;

        String pretty = http.get(search + "&_pretty=true").body();
        assertTrue(pretty.contains("\n  \"resourceType\": \"Bundle\""), pretty);

        FhirHttp.Reply xml = http.get(search + "&_format=xml");
        assertEquals(200, xml.status());
        assertTrue(xml.body().startsWith("<Bundle xmlns=\"http://hl7.org/fhir\">"), xml.body());

        Bundle elements = http.get(search + "&_elements=status").bundle();
        Observation trimmed = (Observation) elements.getEntryFirstRep().getResource();
        assertTrue(trimmed.hasStatus());
        assertFalse(trimmed.hasCode(), "_elements=status leaves the code out");

        Bundle summary = http.get(search + "&_summary=count").bundle();
        assertEquals(3, summary.getTotal());
        assertTrue(summary.getEntry().isEmpty());

        Bundle none = http.get(search + "&_count=0").bundle();
        assertEquals(3, none.getTotal());
        assertTrue(none.getEntry().isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void searchShowsTheCurrentVersionAfterUpdateAndDelete(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patient = Fixtures.create(http, Fixtures.patient(unique("Versions"), "Ana", "1990-01-01", null));
        String id = Fixtures.create(http, Fixtures.observation(patient, LOINC, "19123-9", "2024-01-05", "laboratory"));
        String search = "Observation?patient=Patient/" + patient;
        assertEquals("final", status(http.get(search).bundle()));

        Observation amended = Fixtures.observation(patient, LOINC, "19123-9", "2024-01-05", "laboratory");
        amended.setId(id);
        amended.setStatus(Observation.ObservationStatus.AMENDED);
        assertEquals(200, http.put("Observation/" + id, amended).status());
        Bundle afterUpdate = http.get(search).bundle();
        assertEquals("amended", status(afterUpdate));
        assertEquals("2", afterUpdate.getEntryFirstRep().getResource().getMeta().getVersionId());

        assertEquals(204, http.delete("Observation/" + id).status());
        assertEquals(List.of(), http.get(search).bundle().getEntry());
    }

    private static String status(Bundle bundle) {
        assertEquals(1, bundle.getEntry().size());
        return ((Observation) bundle.getEntryFirstRep().getResource()).getStatus().toCode();
    }
}
