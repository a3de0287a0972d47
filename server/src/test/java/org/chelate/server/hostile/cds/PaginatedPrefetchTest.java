package org.chelate.server.hostile.cds;

import static org.chelate.server.hostile.cds.HookCalls.bundle;
import static org.chelate.server.hostile.cds.HookCalls.bundleWithNext;
import static org.chelate.server.hostile.cds.HookCalls.card;
import static org.chelate.server.hostile.cds.HookCalls.cards;
import static org.chelate.server.hostile.cds.HookCalls.emptyPrefetch;
import static org.chelate.server.hostile.cds.HookCalls.patientView;
import static org.chelate.server.hostile.cds.HookCalls.post;
import static org.chelate.server.hostile.cds.HookCalls.service;
import static org.chelate.server.hostile.cds.HookCalls.types;
import static org.chelate.server.hostile.cds.HookCalls.zinc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.chelate.server.ChelateServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search Bundles split into pages are read whole: their {@code next} links are followed, within bounds. */
class PaginatedPrefetchTest {

    private static final String PV = "chelate-patient-view";

    @TempDir
    Path dataDir;

    @Test
    void theNextPageOfAPrefetchBundleIsReadAndItsZincCounted() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            HookCalls.warmFallback(server, ehr);
            ehr.bodies.put("page/1", bundle(zinc("zn", "p1")));
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p1"));
            prefetch.put("medicationStatements", bundleWithNext(ehr.page(1)));

            JsonNode cards = cards(post(service(server, PV), patientView("p1", prefetch, ehr.base(), "tok-1"), null));

            JsonNode ul = card(cards, "upper-limit");
            assertNotNull(ul, "the zinc on page 2 must be counted: " + types(cards));
            assertTrue(ul.get("summary").asText().startsWith("Zinc 100 mg/day"), ul.get("summary").asText());
            assertNull(card(cards, "incomplete-data"), cards.toString());
            assertEquals(1, ehr.seen.size());
            assertEquals("Bearer tok-1", ehr.seen.get(0).authorization(), "the fhirServer's token, to its own origin");
        }
    }

    @Test
    void theNextPagesOfAFetchedBundleAreReadToo() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            HookCalls.warmFallback(server, ehr);
            ehr.bodies.put("MedicationStatement", bundleWithNext(ehr.page(1)));
            ehr.bodies.put("page/1", bundleWithNext(ehr.page(2)));
            ehr.bodies.put("page/2", bundle(zinc("zn", "p2")));
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p2"));
            prefetch.remove("medicationStatements");

            JsonNode cards = cards(post(service(server, PV), patientView("p2", prefetch, ehr.base(), "t"), null));

            assertNotNull(card(cards, "upper-limit"), types(cards).toString());
            assertEquals(3, ehr.seen.size());
        }
    }

    @Test
    void aNextLinkOffTheAllowlistIsNotCalledAndTheCardSaysThePagesWereNotRead() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p3"));
            prefetch.put("medicationStatements", bundleWithNext("http://192.0.2.10/fhir/page/1", zinc("zn", "p3")));

            JsonNode cards = cards(post(service(server, PV), patientView("p3", prefetch, ehr.base(), "t"), null));

            assertNotNull(card(cards, "upper-limit"), "the first page is still read");
            JsonNode incomplete = card(cards, "incomplete-data");
            assertNotNull(incomplete, cards.toString());
            assertTrue(incomplete.get("detail").asText().contains("Further pages of the medication statements"),
                    incomplete.toString());
        }
    }

    @Test
    void pagesStopAtTheBoundAndTheCardSaysTheRecordIsLonger() throws Exception {
        try (FakeEhr ehr = new FakeEhr(); ChelateServer server = HookCalls.serverAllowing(dataDir, ehr)) {
            HookCalls.warmFallback(server, ehr);
            for (int n = 1; n <= 30; n++) {
                ehr.bodies.put("page/" + n, bundleWithNext(ehr.page(n + 1)));
            }
            Map<String, String> prefetch = new LinkedHashMap<>(emptyPrefetch("p4"));
            prefetch.put("medicationStatements", bundleWithNext(ehr.page(1), zinc("zn", "p4")));

            JsonNode cards = cards(post(service(server, PV), patientView("p4", prefetch, ehr.base(), "t"), null));

            assertTrue(ehr.seen.size() <= 10, "at most 10 further pages: " + ehr.seen.size());
            assertTrue(card(cards, "incomplete-data").get("detail").asText().contains("Further pages"));
        }
    }
}
