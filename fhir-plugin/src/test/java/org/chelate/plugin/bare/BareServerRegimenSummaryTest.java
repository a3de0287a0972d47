package org.chelate.plugin.bare;

import static org.chelate.plugin.testing.Records.mg;
import static org.chelate.plugin.testing.Records.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.chelate.plugin.ChelateOptions;
import org.chelate.plugin.testing.BareHapiServer;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Timing.EventTiming;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Chelate mounted on a plain HAPI server backed by HashMapResourceProviders, called over real HTTP. */
class BareServerRegimenSummaryTest {

    private static final FhirContext CTX = FhirContext.forR4Cached();
    private static BareHapiServer server;
    private static IGenericClient client;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T12:00:00Z"), ZoneOffset.UTC);
        server = BareHapiServer.start(CTX, ChelateOptions.defaults().withClock(clock));
        CTX.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        client = CTX.newRestfulGenericClient(server.baseUrl());

        Patient patient = new Patient();
        patient.setId("p1");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType("1980-04-02"));
        client.update().resource(patient).execute();
        // magnesium bisglycinate 500 mg at bedtime: 500 × 0.140961 = 70.48 mg elemental
        put(statement("mg-gly").code("magnesium-bisglycinate").dose(mg("500")).when(EventTiming.HS).build());
        // magnesium oxide 400 mg once daily: 400 × 0.603042 = 241.22 mg elemental
        put(statement("mg-ox").code("magnesium-oxide").dose(mg("400")).perDay(1).build());
        // zinc 15 mg with breakfast: 15 mg elemental
        put(statement("zn").code("zinc").dose(mg("15")).when(EventTiming.CM).build());
        // zinc picolinate 30 mg capsules (a Medication in the store), 1 capsule daily: 30 × 0.211185 = 6.34
        client.update().resource(org.chelate.plugin.testing.Records.medication("zn-pic", "Zinc picolinate 30 mg capsule",
                org.chelate.plugin.testing.Records.ingredient("zinc-picolinate", mg("30"),
                        org.chelate.plugin.testing.Records.units("1", "CAP", "capsule")))).execute();
        put(statement("zn-pic-st").references("Medication/zn-pic")
                .dose(org.chelate.plugin.testing.Records.units("1", "CAP", "capsule")).perDay(1).build());
        // a count with no strength: reported, not counted
        put(statement("bad").code("magnesium").dose(org.chelate.plugin.testing.Records.units("2", "TAB", "tablet")).perDay(1).build());
    }

    private static void put(MedicationStatement statement) {
        client.update().resource(statement).execute();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void summarisesThePatientsRecordOverHttp() {
        Parameters summary = client.operation().onInstance(new IdType("Patient", "p1")).named("$regimen-summary")
                .withNoParameters(Parameters.class).useHttpGet().execute();

        ParametersParameterComponent magnesium = mineral(summary, "magnesium");
        // 70.48 + 241.22 = 311.70
        assertEquals(0, new BigDecimal("311.7").compareTo(daily(magnesium, "low")));
        assertEquals(0, new BigDecimal("311.7").compareTo(daily(magnesium, "high")));
        assertEquals(2, magnesium.getPart().stream().filter(p -> p.getName().equals("regimen")).count());
        // female, 46 years on 2026-06-01: RDA 320 mg, supplemental UL 350 mg (ODS-Mg)
        assertEquals(0, new BigDecimal("320").compareTo(limit(magnesium, "rda")));
        assertEquals(0, new BigDecimal("350").compareTo(limit(magnesium, "ul")));
        ParametersParameterComponent zinc = mineral(summary, "zinc");
        // 15 + 6.34 (the referenced Medication's strength) = 21.34
        assertEquals(0, new BigDecimal("21.34").compareTo(daily(zinc, "low")));
        // RDA 8 mg, UL 40 mg for a woman of 46 (ODS-Zn)
        assertEquals(0, new BigDecimal("8").compareTo(limit(zinc, "rda")));
        assertEquals(0, new BigDecimal("40").compareTo(limit(zinc, "ul")));

        List<ParametersParameterComponent> unmapped = summary.getParameter().stream().filter(p -> p.getName().equals("unmapped")).toList();
        assertEquals(1, unmapped.size());
        assertEquals("MedicationStatement/bad", ((org.hl7.fhir.r4.model.Reference) part(unmapped.get(0), "source").getValue()).getReference());
        assertTrue(summary.getParameter().stream().anyMatch(p -> p.getName().equals("note")
                && p.getValue().primitiveValue().contains("pregnancy status unknown")));
    }

    @Test
    void unknownPatientIs404WithAnOperationOutcome() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/Patient/nobody/$regimen-summary")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
        assertTrue(CTX.newJsonParser().parseResource(response.body()) instanceof OperationOutcome, response.body());
    }

    @Test
    void aBadDateIs400() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/Patient/p1/$regimen-summary?date=not-a-date")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
    }

    static ParametersParameterComponent mineral(Parameters summary, String code) {
        return summary.getParameter().stream()
                .filter(p -> p.getName().equals("mineral"))
                .filter(p -> code.equals(part(p, "mineral").getValue().primitiveValue()))
                .findFirst().orElseThrow();
    }

    static ParametersParameterComponent part(ParametersParameterComponent parent, String name) {
        return parent.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name));
    }

    static BigDecimal daily(ParametersParameterComponent mineral, String end) {
        return ((Quantity) part(part(mineral, "dailyElementalMg"), end).getValue()).getValue();
    }

    static BigDecimal limit(ParametersParameterComponent mineral, String name) {
        return ((Quantity) part(part(mineral, name), "value").getValue()).getValue();
    }
}
