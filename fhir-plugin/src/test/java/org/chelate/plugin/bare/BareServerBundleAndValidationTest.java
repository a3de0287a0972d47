package org.chelate.plugin.bare;

import static org.chelate.plugin.bare.BareServerRegimenSummaryTest.daily;
import static org.chelate.plugin.bare.BareServerRegimenSummaryTest.mineral;
import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.chelate.plugin.ChelateOptions;
import org.chelate.plugin.profile.ChelateProfiles;
import org.chelate.plugin.testing.BareHapiServer;
import org.chelate.plugin.testing.Patients;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST with an inline Bundle, $validate, and write validation (422), over real HTTP on a bare HAPI server. */
class BareServerBundleAndValidationTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static BareHapiServer server;

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
        server = BareHapiServer.start(CTX, ChelateOptions.defaults().withClock(clock).withValidateIncomingWrites(true));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Content-Type", "application/fhir+json").header("Accept", "application/fhir+json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Bundle bundle(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Resource resource : resources) {
            bundle.addEntry().setFullUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart()).setResource(resource);
        }
        return bundle;
    }

    @Test
    void aPostedBundleIsSummarisedWithoutTouchingTheStore() throws Exception {
        MedicationStatement noSubject = statement("orphan").code("zinc").dose(mg("10")).perDay(1).noSubject().build();
        Bundle bundle = bundle(Patients.patient("inline", "male", "1970-05-05"),
                // zinc gluconate 100 mg twice daily: 100 × 0.143480 = 14.35 per dose; × 2 = 28.70
                statement("zg").code("zinc-gluconate").dose(mg("100")).perDay(2).build(),
                noSubject);
        ((MedicationStatement) bundle.getEntry().get(1).getResource()).getSubject().setReference("Patient/inline");
        HttpResponse<String> response = post("/Patient/inline/$regimen-summary", CTX.newJsonParser().encodeResourceToString(bundle));
        assertEquals(200, response.statusCode(), response.body());
        Parameters summary = CTX.newJsonParser().parseResource(Parameters.class, response.body());
        assertEquals(0, new BigDecimal("28.7").compareTo(daily(mineral(summary, "zinc"), "high")));
        assertTrue(response.body().contains("missing-subject"), "the statement without subject is reported: " + response.body());

        // the same Bundle wrapped in Parameters, at type level
        Parameters in = new Parameters();
        in.addParameter().setName("bundle").setResource(bundle);
        HttpResponse<String> typeLevel = post("/Patient/$regimen-summary", CTX.newJsonParser().encodeResourceToString(in));
        assertEquals(200, typeLevel.statusCode(), typeLevel.body());
        assertEquals(0, new BigDecimal("28.7").compareTo(daily(mineral(CTX.newJsonParser().parseResource(Parameters.class, typeLevel.body()), "zinc"), "high")));
    }

    @Test
    void everyKindOfBadRecordIsReportedAndTheRestStillSummarised() throws Exception {
        MedicationStatement orphan = statement("no-subject").code("zinc").dose(mg("10")).perDay(1).noSubject().build();
        Bundle bundle = bundle(Patients.patient("p9", "female", "1990-01-01"),
                // the one good record: magnesium 200 mg elemental twice daily = 400
                statement("good").code("magnesium").dose(mg("200")).perDay(2).build(),
                statement("unit").code("magnesium").dose(org.chelate.plugin.testing.Records.ucum("3", "[tsp_us]")).perDay(1).build(),
                statement("no-dose").code("zinc-gluconate").perDay(1).build(),
                statement("count").code("magnesium").dose(org.chelate.plugin.testing.Records.units("2", "TAB", "tablet")).perDay(1).build(),
                statement("negative").code("zinc").dose(mg("-15")).perDay(1).build(),
                statement("future").code("zinc").dose(mg("25")).perDay(1).period("2027-01-01", null).build(),
                orphan);
        for (var entry : bundle.getEntry()) {
            if (entry.getResource() instanceof MedicationStatement s && s.hasSubject()) {
                s.getSubject().setReference("Patient/p9");
            }
        }
        HttpResponse<String> response = post("/Patient/p9/$regimen-summary?date=2026-06-01", CTX.newJsonParser().encodeResourceToString(bundle));
        assertEquals(200, response.statusCode(), response.body());
        Parameters summary = CTX.newJsonParser().parseResource(Parameters.class, response.body());
        assertEquals(0, new BigDecimal("400").compareTo(daily(mineral(summary, "magnesium"), "high")));
        assertEquals(0, BigDecimal.ZERO.compareTo(daily(mineral(summary, "zinc"), "high")));
        java.util.Map<String, String> reasons = new java.util.TreeMap<>();
        summary.getParameter().stream().filter(p -> p.getName().equals("unmapped")).forEach(p -> reasons.put(
                ((org.hl7.fhir.r4.model.Reference) BareServerRegimenSummaryTest.part(p, "source").getValue()).getReference(),
                BareServerRegimenSummaryTest.part(p, "reasonCode").getValue().primitiveValue()));
        assertEquals(java.util.Map.of(
                "MedicationStatement/unit", "unknown-unit",
                "MedicationStatement/no-dose", "missing-dose",
                "MedicationStatement/count", "count-without-strength",
                "MedicationStatement/negative", "invalid-value",
                "MedicationStatement/no-subject", "missing-subject"), reasons);
        assertTrue(summary.getParameter().stream().anyMatch(p -> p.getName().equals("otherRegimen")
                && p.getPart().stream().anyMatch(n -> n.getName().equals("note") && n.getValue().primitiveValue().contains("starts after the summary date"))),
                "the future-dated statement is listed with a note");
    }

    @Test
    void aBundleWithoutThatPatientIs404AndWithoutAnyPatientIs400() throws Exception {
        Bundle noPatient = bundle(statement("x").code("zinc").dose(mg("10")).perDay(1).build());
        assertEquals(404, post("/Patient/someone/$regimen-summary", CTX.newJsonParser().encodeResourceToString(noPatient)).statusCode());
        assertEquals(400, post("/Patient/$regimen-summary", CTX.newJsonParser().encodeResourceToString(noPatient)).statusCode());
    }

    @Test
    void malformedJsonIs400() throws Exception {
        HttpResponse<String> response = post("/Patient/$regimen-summary", "{\"resourceType\": \"Bundle\", \"entry\": [");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(CTX.newJsonParser().parseResource(response.body()) instanceof OperationOutcome);
    }

    @Test
    void validateAnswersWithTheIssuesOfTheProfile() throws Exception {
        MedicationStatement incomplete = new MedicationStatement();
        incomplete.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        incomplete.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
        incomplete.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("Magnesium glycinate"));
        HttpResponse<String> response = post("/MedicationStatement/$validate?profile=" + ChelateProfiles.SUPPLEMENT_STATEMENT,
                CTX.newJsonParser().encodeResourceToString(incomplete));
        assertEquals(200, response.statusCode(), response.body());
        OperationOutcome outcome = CTX.newJsonParser().parseResource(OperationOutcome.class, response.body());
        assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                && i.getDiagnostics().contains("dosage")), response.body());

        MedicationStatement good = statement("ok").code("magnesium-bisglycinate").dose(mg("500")).when(EventTiming.HS).build();
        good.getMeta().addProfile(ChelateProfiles.SUPPLEMENT_STATEMENT);
        HttpResponse<String> valid = post("/MedicationStatement/$validate", CTX.newJsonParser().encodeResourceToString(good));
        OperationOutcome clean = CTX.newJsonParser().parseResource(OperationOutcome.class, valid.body());
        assertTrue(clean.getIssue().stream().noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR), valid.body());
    }

    @Test
    void anInvalidWriteIsRejectedWith422AndAValidOneStored() throws Exception {
        MedicationStatement bad = statement("w1").code("magnesium").dose(mg("200")).perDay(1).build();
        bad.getMeta().addProfile(ChelateProfiles.SUPPLEMENT_STATEMENT);
        bad.setEffective(null);
        HttpResponse<String> rejected = put("/MedicationStatement/w1", CTX.newJsonParser().encodeResourceToString(bad));
        assertEquals(422, rejected.statusCode(), rejected.body());
        assertTrue(CTX.newJsonParser().parseResource(rejected.body()) instanceof OperationOutcome);

        MedicationStatement good = statement("w2").code("magnesium").dose(mg("200")).perDay(1).build();
        good.getMeta().addProfile(ChelateProfiles.SUPPLEMENT_STATEMENT);
        HttpResponse<String> stored = put("/MedicationStatement/w2", CTX.newJsonParser().encodeResourceToString(good));
        assertTrue(stored.statusCode() == 200 || stored.statusCode() == 201, stored.body());
    }
}
