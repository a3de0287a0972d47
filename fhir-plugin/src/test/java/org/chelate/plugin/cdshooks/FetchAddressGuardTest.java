package org.chelate.plugin.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fhirServer fallback refuses allowlisted names that resolve to internal addresses, with real resolution. */
class FetchAddressGuardTest {

    private static FakeFhirServer fhir;
    private static JettyHarness ehr;

    @BeforeAll
    static void start() throws Exception {
        fhir = new FakeFhirServer();
        ehr = new JettyHarness(fhir, "/fhir/*");
        fhir.bodiesByType.put("Patient", "{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        ehr.close();
    }

    @Test
    void allowlistedNameResolvingToLoopbackIsRefusedWithoutACall() {
        fhir.seen.clear();
        String byName = "http://localhost:" + ehr.base().getPort();
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of(byName),
                Duration.ofSeconds(2), 10_000));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> fetcher.fetch(byName + "/fhir", "Patient/p1", "tok", Duration.ofSeconds(2)).get());
        FetchException refused = (FetchException) e.getCause();
        assertEquals(FetchException.Reason.NOT_ALLOWED, refused.reason());
        assertTrue(refused.getMessage().contains("internal address"), refused.getMessage());
        assertTrue(fhir.seen.isEmpty(), "never called, so the token never left");
    }

    @Test
    void loopbackListedAsALiteralAddressIsReached() throws Exception {
        fhir.seen.clear();
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of(ehr.base().toString()),
                Duration.ofSeconds(2), 10_000));
        assertTrue(fetcher.fetch(ehr.base() + "/fhir", "Patient/p1", null, Duration.ofSeconds(2)).get()
                .contains("\"id\":\"p1\""));
        assertEquals(1, fhir.seen.size());
    }

    @Test
    void metadataAddressIsRefusedWhenOnlyANameIsListed() {
        // 169.254.169.254 written as the fhirServer: not on the allowlist at all, refused by the origin check; and a
        // listed name cannot reach it either (the guard refuses link-local answers, see AddressGuardTest)
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of("http://localhost"),
                Duration.ofSeconds(2), 10_000));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> fetcher.fetch("http://169.254.169.254", "Patient/p1", "tok", Duration.ofSeconds(2)).get());
        assertEquals(FetchException.Reason.NOT_ALLOWED, ((FetchException) e.getCause()).reason());
    }
}
