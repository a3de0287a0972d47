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

    private static void rewriteReferences(Resource resource, Map<String, String> resolved) {
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
