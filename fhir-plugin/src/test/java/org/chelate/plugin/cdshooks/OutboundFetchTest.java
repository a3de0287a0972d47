package org.chelate.plugin.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OutboundFetchTest {

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
    void originsAreNormalisedAndCompared() {
        assertEquals(Optional.of("https://ehr.example.org"), OutboundFetchPolicy.origin("HTTPS://EHR.example.org:443/fhir"));
        assertEquals(Optional.of("http://ehr.example.org:8080"), OutboundFetchPolicy.origin("http://ehr.example.org:8080/r4"));
        assertEquals(Optional.empty(), OutboundFetchPolicy.origin("ftp://ehr.example.org"));
        assertEquals(Optional.empty(), OutboundFetchPolicy.origin("http://ehr.example.org@evil.example.com/fhir"));
        assertEquals(Optional.empty(), OutboundFetchPolicy.origin("not a url"));
        OutboundFetchPolicy policy = new OutboundFetchPolicy(Set.of("https://ehr.example.org"), Duration.ofSeconds(1), 1000);
        assertTrue(policy.allows("https://ehr.example.org/fhir"));
        assertFalse(policy.allows("http://ehr.example.org/fhir"), "scheme matters");
        assertFalse(policy.allows("https://ehr.example.org:8443/fhir"), "port matters");
        assertFalse(policy.allows("https://ehr.example.org.evil.com/fhir"));
        assertThrows(IllegalArgumentException.class,
                () -> new OutboundFetchPolicy(Set.of("javascript:alert(1)"), Duration.ofSeconds(1), 1000));
    }

    @Test
    void searchCharactersAreEncoded() {
        assertEquals("Observation?code=http://loinc.org%7C2601-3,x%20y",
                FhirFallbackFetcher.encodeQueryCharacters("Observation?code=http://loinc.org|2601-3,x y"));
    }

    @Test
    void fetchesFromAllowedOriginWithToken() throws Exception {
        fhir.seen.clear();
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of(ehr.base().toString()),
                Duration.ofSeconds(2), 10_000));
        String body = fetcher.fetch(ehr.base() + "/fhir", "Patient/p1", "tok", Duration.ofSeconds(2)).get();
        assertTrue(body.contains("\"id\":\"p1\""));
        assertEquals("Bearer tok", fhir.seen.get(0).authorization());
    }

    @Test
    void refusesOtherOriginsWithoutCallingThem() {
        fhir.seen.clear();
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of("https://ehr.example.org"),
                Duration.ofSeconds(2), 10_000));
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> fetcher.fetch(ehr.base() + "/fhir", "Patient/p1", "tok", Duration.ofSeconds(2)).get());
        assertEquals(FetchException.Reason.NOT_ALLOWED, ((FetchException) e.getCause()).reason());
        assertTrue(fhir.seen.isEmpty());
    }

    @Test
    void allowlistedNameResolvingToLoopbackIsRefusedWithoutACall() {
        // real resolution: localhost is a name, so it is not its own allowance (see AddressGuardTest)
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
    void aNameMayResolveIntoARangeTheOperatorAllows() throws Exception {
        fhir.seen.clear();
        String byName = "http://localhost:" + ehr.base().getPort();
        FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of(byName),
                Duration.ofSeconds(2), 10_000, Set.of("127.0.0.0/8", "::1")));
        assertTrue(fetcher.fetch(byName + "/fhir", "Patient/p1", null, Duration.ofSeconds(2)).get()
                .contains("\"id\":\"p1\""));
        assertEquals(1, fhir.seen.size());
        assertThrows(IllegalArgumentException.class, () -> new OutboundFetchPolicy(Set.of(byName),
                Duration.ofSeconds(2), 10_000, Set.of("localhost")));
    }

    @Test
    void slowServerTimesOut() {
        fhir.delayMillis = 1000;
        try {
            FhirFallbackFetcher fetcher = new FhirFallbackFetcher(new OutboundFetchPolicy(Set.of(ehr.base().toString()),
                    Duration.ofSeconds(5), 10_000));
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> fetcher.fetch(ehr.base() + "/fhir", "Patient/p1", null, Duration.ofMillis(100)).get());
            assertEquals(FetchException.Reason.TIMEOUT, ((FetchException) e.getCause()).reason());
        } finally {
            fhir.delayMillis = 0;
        }
    }
}
