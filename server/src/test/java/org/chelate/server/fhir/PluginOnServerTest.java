package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The plugin and the terminology providers as the server mounts them: over HTTP, reading the JDBC store. */
class PluginOnServerTest extends ServerPerBackend {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void regimenSummaryTotalsWhatTheStoreHolds(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patientId = Fixtures.create(http, Fixtures.patient("Summary", "Sam", "1980-04-02", unique("mrn")));
        // 500 mg magnesium bisglycinate (compound weight) twice a day. Mg(C2H4NO2)2 = 24.305 + 2 x 74.059 = 172.423 g/mol,
        // so Mg is 24.305 / 172.423 = 14.096 %: 2 x 500 x 0.14096 = 140.96 mg elemental
        Fixtures.create(http, supplement(patientId, "Magnesium bisglycinate 500 mg", 2));
        // zinc stated as elemental: 15 mg once a day
        Fixtures.create(http, supplement(patientId, "Zinc (as zinc picolinate) 15 mg", 1));

        FhirHttp.Reply reply = http.get("Patient/" + patientId + "/$regimen-summary");
        assertEquals(200, reply.status(), reply.body());
        Parameters summary = reply.as(Parameters.class);
        assertEquals(140.96, dailyLow(summary, "magnesium").doubleValue(), 0.01, reply.body());
        assertEquals(15.0, dailyLow(summary, "zinc").doubleValue(), 0.001, reply.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void regimenSummaryOfAnUnknownPatientIs404(Backend backend) throws Exception {
        FhirHttp.Reply reply = http(backend).get("Patient/" + unique("nobody") + "/$regimen-summary");
        assertEquals(404, reply.status(), reply.body());
        assertTrue(reply.body().contains("OperationOutcome"), reply.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void terminologyIsServedBesideTheStore(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        FhirHttp.Reply search = http.get("CodeSystem?url=http://chelate.org/fhir/CodeSystem/chelate-supplement");
        assertEquals(200, search.status(), search.body());
        assertEquals(1, search.as(Bundle.class).getTotal(), search.body());

        FhirHttp.Reply unknownParameter = http.get("CodeSystem?title=x");
        assertEquals(400, unknownParameter.status(), unknownParameter.body());

        FhirHttp.Reply validate = http.get("ValueSet/$validate-code?url=" + anyValueSetUrl(http)
                + "&system=http://example.org/none&code=nothing");
        assertEquals(200, validate.status(), validate.body());
        assertEquals(false, ((BooleanType) validate.as(Parameters.class).getParameter("result").getValue()).booleanValue(),
                validate.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void capabilityStatementNamesThePluginOperationAndOnlyTheTerminologySearchesThatWork(Backend backend)
            throws Exception {
        FhirHttp.Reply reply = http(backend).get("metadata");
        assertEquals(200, reply.status(), reply.body());
        CapabilityStatement capability = reply.as(CapabilityStatement.class);
        List<CapabilityStatementRestResourceComponent> resources = capability.getRestFirstRep().getResource();
        CapabilityStatementRestResourceComponent patient = resources.stream()
                .filter(r -> r.getType().equals("Patient")).findFirst().orElseThrow();
        assertTrue(patient.getOperation().stream().anyMatch(o -> o.getName().equals("regimen-summary")), reply.body());
        for (String type : List.of("CodeSystem", "ValueSet", "ConceptMap")) {
            CapabilityStatementRestResourceComponent resource = resources.stream()
                    .filter(r -> r.getType().equals(type)).findFirst().orElseThrow();
            assertEquals(List.of("url"), resource.getSearchParam().stream()
                    .map(CapabilityStatementRestResourceSearchParamComponent::getName).toList(), type);
        }
    }

    private static String anyValueSetUrl(FhirHttp http) {
        FhirHttp.Reply all = http.get("ValueSet");
        assertEquals(200, all.status(), all.body());
        return ((ValueSet) all.as(Bundle.class).getEntryFirstRep().getResource()).getUrl();
    }

    private static MedicationStatement supplement(String patientId, String text, int timesPerDay) {
        MedicationStatement statement = new MedicationStatement();
        statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        statement.setSubject(new Reference("Patient/" + patientId));
        statement.setMedication(new CodeableConcept().setText(text));
        statement.getEffectivePeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2026-01-01"));
        Dosage dosage = statement.addDosage();
        dosage.setTiming(new Timing().setRepeat(new Timing.TimingRepeatComponent()
                .setFrequency(timesPerDay).setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D)));
        dosage.addDoseAndRate().setDose(new Quantity().setValue(1).setUnit("capsule"));
        return statement;
    }

    private static BigDecimal dailyLow(Parameters summary, String mineral) {
        for (ParametersParameterComponent entry : summary.getParameter()) {
            if (!entry.getName().equals("mineral")) {
                continue;
            }
            boolean thisMineral = entry.getPart().stream().anyMatch(p -> p.getName().equals("mineral")
                    && p.getValue().primitiveValue().equals(mineral));
            if (thisMineral) {
                return entry.getPart().stream().filter(p -> p.getName().equals("dailyElementalMg"))
                        .flatMap(p -> p.getPart().stream()).filter(p -> p.getName().equals("low"))
                        .map(p -> ((Quantity) p.getValue()).getValue()).findFirst().orElseThrow();
            }
        }
        throw new AssertionError("no " + mineral + " in the summary");
    }
}
