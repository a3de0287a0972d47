package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Search pages are addressed by {@code _offset} in the links themselves (no page kept in a server's memory): next and
 * previous links walk the whole set in a stable order, keep the request's other parameters, and an old
 * {@code _getpages} link is a clear 410.
 */
class SearchPagingTest extends ServerPerBackend {

    private static List<String> matches(Bundle bundle) {
        return bundle.getEntry().stream()
                .filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
                .map(e -> e.getResource().getIdElement().getIdPart()).toList();
    }

    private static Bundle page(FhirHttp http, String url) {
        FhirHttp.Reply reply = http.get(url);
        assertEquals(200, reply.status(), reply.body());
        return reply.bundle();
    }

    private record Tied(String patient, List<String> observations) {
    }

    /** Observations of one new patient, all at the same time: only insertion order tells them apart. */
    private static Tied tiedObservations(FhirHttp http, int count) {
        String patient = Fixtures.create(http, Fixtures.patient(unique("Tied"), "Same", "1970-01-01", null));
        List<String> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            created.add(Fixtures.create(http, Fixtures.observation(patient, Fixtures.LOINC, "19123-9",
                    "2024-02-01T10:00:00Z", "laboratory")));
        }
        return new Tied(patient, created);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void nextAndPreviousLinksWalkTheSetInInsertionOrderWithOffsets(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Tied tied = tiedObservations(http, 12);
        String patient = tied.patient();
        List<String> created = tied.observations();

        Bundle first = page(http, "Observation?patient=" + patient + "&_sort=date&_count=5&_include=Observation:patient");
        List<String> walked = new ArrayList<>();
        List<Bundle> pages = new ArrayList<>();
        for (Bundle bundle = first; ; ) {
            pages.add(bundle);
            assertEquals(12, bundle.getTotal());
            walked.addAll(matches(bundle));
            assertTrue(bundle.getEntry().stream().anyMatch(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE
                    && e.getResource().getIdElement().getIdPart().equals(patient)), "_include on every page");
            Bundle.BundleLinkComponent next = bundle.getLink("next");
            if (next == null) {
                break;
            }
            assertTrue(next.getUrl().contains("_offset=" + walked.size()), next.getUrl());
            assertFalse(next.getUrl().contains("_getpages"), next.getUrl());
            assertTrue(next.getUrl().contains("_include=Observation"), next.getUrl());
            bundle = page(http, next.getUrl());
        }
        assertEquals(created, walked, "every match once, ties in insertion order");
        assertEquals(List.of(5, 5, 2), pages.stream().map(b -> matches(b).size()).toList());
        assertNull(first.getLink("previous"));
        Bundle.BundleLinkComponent previous = pages.get(2).getLink("previous");
        assertNotNull(previous);
        assertEquals(created.subList(5, 10), matches(page(http, previous.getUrl())));
        assertTrue(pages.get(1).getLink("self").getUrl().contains("_offset=5"), pages.get(1).getLink("self").getUrl());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void defaultPageSizeSummaryAndElementsCarryAcrossPages(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Tied tied = tiedObservations(http, 23);
        String patient = tied.patient();
        List<String> created = tied.observations();

        Bundle first = page(http, "Observation?patient=" + patient);
        assertEquals(20, first.getEntry().size(), "the server's default page size");
        String next = first.getLink("next").getUrl();
        assertTrue(next.contains("_count=20") && next.contains("_offset=20"), next);
        assertEquals(created.subList(20, 23), matches(page(http, next)));

        Bundle counted = page(http, "Observation?patient=" + patient + "&_summary=count");
        assertEquals(23, counted.getTotal());
        assertTrue(counted.getEntry().isEmpty());
        assertNull(counted.getLink("next"), "a count has no pages to follow");

        Bundle elements = page(http, "Observation?patient=" + patient + "&_count=10&_elements=status");
        String elementsNext = elements.getLink("next").getUrl();
        assertTrue(elementsNext.contains("_elements=status"), elementsNext);
        Bundle second = page(http, elementsNext);
        assertEquals(created.subList(10, 20), matches(second));
        assertFalse(((org.hl7.fhir.r4.model.Observation) second.getEntryFirstRep().getResource()).hasCode(),
                "_elements still applied on the next page");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void offsetsOutOfRangeAndOldPageLinksAreClear(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Tied tied = tiedObservations(http, 3);
        String patient = tied.patient();
        List<String> created = tied.observations();

        Bundle beyond = page(http, "Observation?patient=" + patient + "&_offset=10&_count=2");
        assertEquals(3, beyond.getTotal());
        assertTrue(beyond.getEntry().isEmpty());
        assertNull(beyond.getLink("next"));

        FhirHttp.Reply negative = http.get("Observation?patient=" + patient + "&_offset=-1");
        assertEquals(400, negative.status(), negative.body());

        FhirHttp.Reply old = http.get("?_getpages=" + java.util.UUID.randomUUID() + "&_getpagesoffset=20&_count=20");
        assertEquals(410, old.status(), old.body());
        assertTrue(old.body().contains("OperationOutcome"), old.body());
        OperationOutcome outcome = (OperationOutcome) ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser()
                .parseResource(old.body());
        assertEquals(OperationOutcome.IssueSeverity.ERROR, outcome.getIssueFirstRep().getSeverity());

        Bundle huge = page(http, "Observation?patient=" + patient + "&_count=100000");
        assertEquals(new HashSet<>(created), new HashSet<>(matches(huge)));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void hapisGenericClientPagesForwardAndBack(Backend backend) throws Exception {
        Tied tied = tiedObservations(http(backend), 7);
        FhirHttp.CONTEXT.getRestfulClientFactory().setServerValidationMode(
                ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
        FhirHttp.CONTEXT.getRestfulClientFactory().setSocketTimeout(60_000);
        ca.uhn.fhir.rest.client.api.IGenericClient client =
                FhirHttp.CONTEXT.newRestfulGenericClient(server(backend).fhirBase().toString());
        Bundle bundle = client.search().forResource("Observation").where(new ca.uhn.fhir.rest.gclient.ReferenceClientParam(
                "patient").hasId(tied.patient())).count(3).returnBundle(Bundle.class).execute();
        List<String> walked = new ArrayList<>(matches(bundle));
        while (bundle.getLink("next") != null) {
            bundle = client.loadPage().next(bundle).execute();
            walked.addAll(matches(bundle));
        }
        assertEquals(tied.observations(), walked);
        assertEquals(tied.observations().subList(3, 6), matches(client.loadPage().previous(bundle).execute()));
    }
}
