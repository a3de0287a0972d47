package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real outside data, unchanged: the Synthea patient Bundle loads as a transaction (urn:uuid references resolved) and
 * every HL7 R4 example loads with its own id; each resource reads back as it was sent (apart from the id, version and
 * time the server stamps, and the references the transaction resolved).
 */
class RealDataLoadTest extends ServerPerBackend {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSyntheaBundleLoadsAsATransactionAndReadsBackIdentical(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        Path file = SharedData.files("synthea").get(0);
        String text = SharedData.read(file);
        FhirHttp.Reply reply = http.post("", text, FhirHttp.JSON);
        assertEquals(200, reply.status(), reply.body());
        Bundle response = reply.bundle();
        Bundle input = (Bundle) FhirHttp.CONTEXT.newJsonParser().parseResource(text);
        assertEquals(input.getEntry().size(), response.getEntry().size());

        Map<String, String> resolved = new HashMap<>();
        for (int i = 0; i < input.getEntry().size(); i++) {
            Bundle.BundleEntryComponent answer = response.getEntry().get(i);
            assertEquals("201 Created", answer.getResponse().getStatus());
            assertTrue(answer.getFullUrl().startsWith("http"), "absolute fullUrl: " + answer.getFullUrl());
            IdType location = new IdType(answer.getResponse().getLocation());
            resolved.put(input.getEntry().get(i).getFullUrl(), location.toUnqualifiedVersionless().getValue());
        }
        for (Bundle.BundleEntryComponent entry : input.getEntry()) {
            Resource expected = entry.getResource();
            String id = resolved.get(entry.getFullUrl());
            rewriteReferences(expected, resolved);
            expected.setId(id);
            FhirHttp.Reply read = http.get(id);
            assertEquals(200, read.status(), read.body());
            assertEquals(canonical(expected), canonical(read.as(expected.getClass())), id);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyHl7ExampleLoadsWithItsIdAndReadsBackUnchanged(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        List<Path> files = SharedData.files("hl7-r4-examples").stream()
                .filter(f -> !f.getFileName().toString().startsWith("Bundle-")).toList();
        assertTrue(files.size() > 150, files.size() + " examples");
        for (Path file : files) {
            String text = SharedData.read(file);
            IBaseResource sent = FhirHttp.CONTEXT.newJsonParser().parseResource(text);
            String id = sent.fhirType() + "/" + sent.getIdElement().getIdPart();
            FhirHttp.Reply put = http.put(id, text, FhirHttp.JSON);
            assertTrue(put.status() == 201 || put.status() == 200, file + ": " + put.status() + " " + put.body());
            FhirHttp.Reply read = http.get(id);
            assertEquals(200, read.status(), read.body());
            assertEquals(canonical(sent), canonical(read.as(sent.getClass())), file.toString());
        }
    }

    /**
     * The spec's transaction example assumes a server holding Patient/123a at version 2, Patient/234 and Patient/12334
     * at version 4; given those, everything but its {@code POST ValueSet/$lookup} entry runs (there is no such
     * operation in FHIR: $lookup is CodeSystem's), so unchanged it is refused whole, naming that entry.
     */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theSpecTransactionExampleRunsItsConditionalEntriesAndRefusesTheOperationEntryWhole(Backend backend)
            throws Exception {
        FhirHttp http = http(backend);
        String patient = "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"active\":%s,"
                + "\"identifier\":[{\"value\":\"%s\"}]}";
        for (int version = 1; version <= 2; version++) {
            http.put("Patient/123a", patient.formatted("123a", version == 2, "a"), FhirHttp.JSON);
        }
        http.put("Patient/234", patient.formatted("234", true, "b"), FhirHttp.JSON);
        http.put("Patient/del", patient.formatted("del", true, "123456"), FhirHttp.JSON);
        for (int version = 1; version <= 4; version++) {
            http.put("Patient/12334", patient.formatted("12334", version % 2 == 0, "c"), FhirHttp.JSON);
        }
        String text = SharedData.read(SharedData.dataDir().resolve("hl7-r4-examples/Bundle-bundle-transaction.json"));
        FhirHttp.Reply refused = http.post("", text, FhirHttp.JSON);
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.diagnostics().contains("ValueSet/$lookup"), refused.body());
        assertEquals(404, http.get("Patient/123").status(), "nothing of the refused transaction was saved");

        Bundle bundle = (Bundle) FhirHttp.CONTEXT.newJsonParser().parseResource(text);
        bundle.getEntry().removeIf(e -> e.getRequest().getUrl().contains("$"));
        FhirHttp.Reply reply = http.post("", FhirHttp.json(bundle), FhirHttp.JSON);
        assertEquals(200, reply.status(), reply.body());
        List<String> statuses = reply.bundle().getEntry().stream().map(e -> e.getResponse().getStatus()).toList();
        assertEquals(List.of("201 Created", "201 Created", "201 Created", "201 Created", "200 OK", "204 No Content",
                "204 No Content", "200 OK", "304 Not Modified"), statuses);
        assertEquals(410, http.get("Patient/234").status());
        assertEquals(410, http.get("Patient/del").status(), "the conditional delete removed identifier 123456");
        assertEquals("3", http.get("Patient/123a").as(org.hl7.fhir.r4.model.Patient.class).getMeta().getVersionId());
        assertEquals(200, http.get("Patient?identifier=http:/example.org/fhir/ids%7C456456").status());
    }

    static void rewriteReferences(Resource resource, Map<String, String> resolved) {
        for (IBaseReference reference : FhirHttp.CONTEXT.newTerser()
                .getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            String target = reference.getReferenceElement().getValue();
            if (target != null && resolved.containsKey(target)) {
                reference.setReference(resolved.get(target));
            }
        }
    }

    /** The JSON of a resource without what the server stamps on every version (version id, last updated). */
    static String canonical(IBaseResource resource) {
        IBaseResource copy = ((Resource) resource).copy();
        copy.setId(copy.getIdElement().toUnqualifiedVersionless());
        copy.getMeta().setLastUpdated(null);
        copy.getMeta().setVersionId(null);
        return FhirHttp.CONTEXT.newJsonParser().setPrettyPrint(true).encodeResourceToString(copy);
    }
}
