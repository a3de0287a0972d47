package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PATCH (JSON Patch and FHIRPath Patch) on the real server, alone and in Bundles, on H2 and PostgreSQL. */
class FhirPatchTest extends ServerPerBackend {

    private static final String JSON_PATCH = "application/json-patch+json";

    private static String createPatient(FhirHttp http, String family) {
        Patient patient = Fixtures.patient(family, "Ada", "1815-12-10", unique("mrn"));
        patient.addName().setFamily("Second").addGiven("B");
        FhirHttp.Reply created = http.post("Patient", patient);
        assertEquals(201, created.status(), created.body());
        return created.as(Patient.class).getIdElement().getIdPart();
    }

    static Parameters fhirPatch(String type, String path, Object... more) {
        Parameters patch = new Parameters();
        ParametersParameterComponent operation = patch.addParameter().setName("operation");
        operation.addPart().setName("type").setValue(new CodeType(type));
        operation.addPart().setName("path").setValue(new StringType(path));
        for (int i = 0; i + 1 < more.length; i += 2) {
            Object value = more[i + 1];
            operation.addPart().setName((String) more[i]).setValue(value instanceof String text ? new StringType(text)
                    : (Type) value);
        }
        return patch;
    }

    private static void assertOutcome(FhirHttp.Reply reply, int status, IssueType code) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals(code, reply.outcome().getIssueFirstRep().getCode(), reply.body());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void jsonPatchMakesANewVersionWithTheHeadersOfAnUpdate(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = createPatient(http, "Lovelace");
        FhirHttp.Reply patched = http.patch("Patient/" + id, "[{\"op\":\"test\",\"path\":\"/name/0/family\","
                + "\"value\":\"Lovelace\"},{\"op\":\"replace\",\"path\":\"/birthDate\",\"value\":\"1815-12-11\"},"
                + "{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]", JSON_PATCH);
        assertEquals(200, patched.status(), patched.body());
        assertEquals("W/\"2\"", patched.header("ETag"));
        assertTrue(patched.header("Content-Location").endsWith("/Patient/" + id + "/_history/2"),
                patched.header("Content-Location"));
        assertTrue(patched.header("Last-Modified") != null);
        Patient read = http.get("Patient/" + id).as(Patient.class);
        assertEquals("1815-12-11", read.getBirthDateElement().getValueAsString());
        assertTrue(read.getActive());
        assertEquals("2", read.getMeta().getVersionId());
        assertEquals(200, http.get("Patient/" + id + "/_history/1").status());
        assertEquals(2, http.get("Patient/" + id + "/_history").bundle().getTotal());
        // Prefer: return=minimal answers without a body, as an update does
        FhirHttp.Reply minimal = http.patch("Patient/" + id, "[{\"op\":\"remove\",\"path\":\"/active\"}]", JSON_PATCH,
                "Prefer", "return=minimal");
        assertEquals(200, minimal.status(), minimal.body());
        assertTrue(minimal.body().isEmpty(), minimal.body());
        assertFalse(http.get("Patient/" + id).as(Patient.class).hasActive());
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void jsonPatchErrorsSayWhatWentWrong(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = createPatient(http, "Errors");
        assertOutcome(http.patch("Patient/" + id, "{\"op\":\"remove\"}", JSON_PATCH), 400, IssueType.INVALID);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]", JSON_PATCH), 400,
                IssueType.INVALID);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"test\",\"path\":\"/name/0/family\",\"value\":\"X\"}]",
                JSON_PATCH), 422, IssueType.PROCESSING);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"remove\",\"path\":\"/photo\"}]", JSON_PATCH), 422,
                IssueType.PROCESSING);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"replace\",\"path\":\"/id\",\"value\":\"other\"}]",
                JSON_PATCH), 422, IssueType.BUSINESSRULE);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"replace\",\"path\":\"/resourceType\","
                + "\"value\":\"Group\"}]", JSON_PATCH), 422, IssueType.BUSINESSRULE);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"add\",\"path\":\"/colour\",\"value\":\"red\"}]",
                JSON_PATCH), 422, IssueType.STRUCTURE);
        assertOutcome(http.patch("Patient/" + id, "[{\"op\":\"replace\",\"path\":\"/birthDate\",\"value\":\"soon\"}]",
                JSON_PATCH), 422, IssueType.STRUCTURE);
        assertOutcome(http.patch("Patient/" + id, "<x/>", "application/xml-patch+xml"), 415, IssueType.NOTSUPPORTED);
        assertEquals("1", http.get("Patient/" + id).as(Patient.class).getMeta().getVersionId(), "nothing was stored");
        assertOutcome(http.patch("Patient/" + unique("none"), "[]", JSON_PATCH), 404, IssueType.NOTFOUND);
        assertEquals(204, http.delete("Patient/" + id).status());
        assertOutcome(http.patch("Patient/" + id, "[]", JSON_PATCH), 410, IssueType.DELETED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ifMatchPatchesOnlyTheNamedVersion(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = createPatient(http, "Versioned");
        String patch = "[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"female\"}]";
        assertOutcome(http.patch("Patient/" + id, patch, JSON_PATCH, "If-Match", "W/\"7\""), 412, IssueType.CONFLICT);
        FhirHttp.Reply matched = http.patch("Patient/" + id, patch, JSON_PATCH, "If-Match", "W/\"1\"");
        assertEquals(200, matched.status(), matched.body());
        assertEquals("W/\"2\"", matched.header("ETag"));
        assertOutcome(http.patch("Patient/" + id, patch, JSON_PATCH, "If-Match", "W/\"1\""), 412, IssueType.CONFLICT);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void fhirPathPatchInJsonAndXmlRunsEveryOperation(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String id = createPatient(http, "Path");
        Parameters patch = fhirPatch("replace", "Patient.birthDate", "value", new DateType("1816-01-01"));
        patch.getParameter().addAll(fhirPatch("add", "Patient", "name", "gender", "value", new CodeType("female"))
                .getParameter());
        patch.getParameter().addAll(fhirPatch("insert", "Patient.identifier", "index", new IntegerType(0),
                "value", new Identifier().setSystem("urn:test").setValue("first")).getParameter());
        patch.getParameter().addAll(fhirPatch("move", "Patient.name", "source", new IntegerType(1),
                "destination", new IntegerType(0)).getParameter());
        patch.getParameter().addAll(fhirPatch("delete", "Patient.name.where(family='Path')").getParameter());
        ParametersParameterComponent contact = patch.addParameter().setName("operation");
        contact.addPart().setName("type").setValue(new CodeType("add"));
        contact.addPart().setName("path").setValue(new StringType("Patient"));
        contact.addPart().setName("name").setValue(new StringType("contact"));
        ParametersParameterComponent value = contact.addPart().setName("value");
        value.addPart().setName("name").setValue(new org.hl7.fhir.r4.model.HumanName().setFamily("Kin"));
        FhirHttp.Reply json = http.patch("Patient/" + id, FhirHttp.json(patch), FhirHttp.JSON);
        assertEquals(200, json.status(), json.body());
        Patient read = http.get("Patient/" + id).as(Patient.class);
        assertEquals("1816-01-01", read.getBirthDateElement().getValueAsString());
        assertEquals("female", read.getGender().toCode());
        assertEquals("first", read.getIdentifierFirstRep().getValue());
        assertEquals(2, read.getIdentifier().size());
        assertEquals(1, read.getName().size());
        assertEquals("Second", read.getNameFirstRep().getFamily());
        assertEquals("Kin", read.getContactFirstRep().getName().getFamily());

        String xml = FhirHttp.CONTEXT.newXmlParser().encodeResourceToString(
                fhirPatch("replace", "Patient.name.family", "value", new StringType("Xml")));
        FhirHttp.Reply viaXml = http.patch("Patient/" + id, xml, "application/fhir+xml");
        assertEquals(200, viaXml.status(), viaXml.body());
        assertEquals("Xml", http.get("Patient/" + id).as(Patient.class).getNameFirstRep().getFamily());

        assertOutcome(http.patch("Patient/" + id, FhirHttp.json(fhirPatch("replace", "Patient.photo",
                "value", new StringType("x"))), FhirHttp.JSON), 422, IssueType.PROCESSING);
        assertOutcome(http.patch("Patient/" + id, FhirHttp.json(fhirPatch("explode", "Patient")), FhirHttp.JSON), 400,
                IssueType.INVALID);
        assertOutcome(http.patch("Patient/" + id, FhirHttp.json(fhirPatch("replace", "Patient.id",
                "value", new StringType("other"))), FhirHttp.JSON), 422, IssueType.BUSINESSRULE);
        assertOutcome(http.patch("Patient/" + id, FhirHttp.json(fhirPatch("replace", "Patient.gender",
                "value", new CodeType("neither"))), FhirHttp.JSON), 422, IssueType.PROCESSING);
        assertOutcome(http.patch("Patient/" + id, FhirHttp.json(fhirPatch("delete", "Patient.name.family(")),
                FhirHttp.JSON), 400, IssueType.INVALID);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void conditionalPatchNeedsExactlyOneMatch(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String family = unique("Cond");
        String patch = "[{\"op\":\"add\",\"path\":\"/active\",\"value\":true}]";
        assertOutcome(http.patch("Patient?family=" + family, patch, JSON_PATCH), 404, IssueType.NOTFOUND);
        String id = createPatient(http, family);
        FhirHttp.Reply one = http.patch("Patient?family=" + family, patch, JSON_PATCH);
        assertEquals(200, one.status(), one.body());
        assertTrue(http.get("Patient/" + id).as(Patient.class).getActive());
        createPatient(http, family);
        assertOutcome(http.patch("Patient?family=" + family, patch, JSON_PATCH), 412, IssueType.CONFLICT);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void transactionPatchesResolveUrnUuidsAndBatchEntriesFailAlone(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String patientId = createPatient(http, "Tx");
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.PRELIMINARY);
        observation.getCode().setText("zinc");
        FhirHttp.Reply created = http.post("Observation", observation);
        String observationId = created.as(Observation.class).getIdElement().getIdPart();

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient newPatient = Fixtures.patient("New", "N", "2000-01-01", unique("mrn"));
        transaction.addEntry().setFullUrl("urn:uuid:0c3b6f0e-1111-4a5b-9c7d-000000000001").setResource(newPatient)
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        Binary jsonPatch = new Binary().setContentType(JSON_PATCH);
        jsonPatch.setData(("[{\"op\":\"add\",\"path\":\"/subject\",\"value\":{\"reference\":"
                + "\"urn:uuid:0c3b6f0e-1111-4a5b-9c7d-000000000001\"}}]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        transaction.addEntry().setResource(jsonPatch).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
                .setUrl("Observation/" + observationId).setIfMatch("W/\"1\"");
        Parameters link = fhirPatch("add", "Patient", "name", "generalPractitioner",
                "value", new Reference("urn:uuid:0c3b6f0e-1111-4a5b-9c7d-000000000001"));
        transaction.addEntry().setResource(link).getRequest().setMethod(Bundle.HTTPVerb.PATCH)
                .setUrl("Patient/" + patientId);
        FhirHttp.Reply done = http.post("", transaction);
        assertEquals(200, done.status(), done.body());
        Bundle response = done.bundle();
        assertEquals("200 OK", response.getEntry().get(1).getResponse().getStatus());
        String newId = response.getEntry().get(0).getResponse().getLocation().split("/")[1];
        assertEquals("Patient/" + newId, http.get("Observation/" + observationId).as(Observation.class)
                .getSubject().getReference());
        assertEquals("Patient/" + newId, http.get("Patient/" + patientId).as(Patient.class)
                .getGeneralPractitionerFirstRep().getReference());

        // one failing PATCH rolls the transaction back
        Bundle failing = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        failing.addEntry().setResource(fhirPatch("replace", "Patient.birthDate", "value", new DateType("1999-01-01")))
                .getRequest().setMethod(Bundle.HTTPVerb.PATCH).setUrl("Patient/" + patientId);
        failing.addEntry().setResource(fhirPatch("replace", "Observation.photo", "value", new StringType("x")))
                .getRequest().setMethod(Bundle.HTTPVerb.PATCH).setUrl("Observation/" + observationId);
        assertEquals(422, http.post("", failing).status());
        assertEquals("1815-12-10", http.get("Patient/" + patientId).as(Patient.class).getBirthDateElement()
                .getValueAsString());

        failing.setType(Bundle.BundleType.BATCH);
        Bundle batch = http.post("", failing).bundle();
        assertEquals("200 OK", batch.getEntry().get(0).getResponse().getStatus());
        assertTrue(batch.getEntry().get(1).getResponse().getStatus().startsWith("422"));
        assertEquals("1999-01-01", http.get("Patient/" + patientId).as(Patient.class).getBirthDateElement()
                .getValueAsString());
    }
}
