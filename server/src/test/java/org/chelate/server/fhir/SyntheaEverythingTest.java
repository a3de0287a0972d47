package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Synthea patient Bundle, loaded unchanged as a transaction: {@code $everything} on its patient returns every
 * resource of the patient's compartment, as HAPI's own compartment logic ({@code FhirTerser}) judges the resources
 * that were sent, and the Organization and Practitioner they reference; paged by offset links.
 */
class SyntheaEverythingTest extends ServerPerBackend {

    @ParameterizedTest
    @EnumSource(Backend.class)
    void everythingOnTheSyntheaPatientReturnsItsWholeCompartment(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        String text = SharedData.read(SharedData.files("synthea").get(0));
        FhirHttp.Reply reply = http.post("", text, FhirHttp.JSON);
        assertEquals(200, reply.status(), reply.body());
        Bundle input = (Bundle) FhirHttp.CONTEXT.newJsonParser().parseResource(text);
        Map<String, String> resolved = new HashMap<>();
        for (int i = 0; i < input.getEntry().size(); i++) {
            IdType location = new IdType(reply.bundle().getEntry().get(i).getResponse().getLocation());
            resolved.put(input.getEntry().get(i).getFullUrl(), location.toUnqualifiedVersionless().getValue());
        }
        String patient = input.getEntry().stream().filter(e -> e.getResource().fhirType().equals("Patient"))
                .map(e -> resolved.get(e.getFullUrl())).findFirst().orElseThrow();
        Set<String> compartment = new TreeSet<>();
        Set<String> outside = new TreeSet<>();
        var terser = FhirHttp.CONTEXT.newTerser();
        for (Bundle.BundleEntryComponent entry : input.getEntry()) {
            Resource resource = entry.getResource();
            RealDataLoadTest.rewriteReferences(resource, resolved);
            String id = resolved.get(entry.getFullUrl());
            resource.setId(id);
            boolean member = id.equals(patient)
                    || terser.isSourceInCompartmentForTarget("Patient", resource, new IdType(patient));
            (member ? compartment : outside).add(id);
        }
        assertTrue(compartment.size() > 150, "most of the export is the patient's: " + compartment.size());

        List<Bundle.BundleEntryComponent> entries = CompartmentAndSystemTest.allPages(http,
                patient + "/$everything?_count=40");
        assertEquals(compartment, new TreeSet<>(CompartmentAndSystemTest.ids(entries, Bundle.SearchEntryMode.MATCH)));
        Set<String> included = new TreeSet<>(CompartmentAndSystemTest.ids(
                entries.stream().filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE)
                        .collect(java.util.stream.Collectors.toMap(e -> e.getResource().getIdElement()
                                .toUnqualifiedVersionless().getValue(), e -> e, (a, b) -> a)).values().stream().toList(),
                Bundle.SearchEntryMode.INCLUDE));
        assertTrue(included.containsAll(outside), "the Organization and Practitioner they reference: " + included
                + " should hold " + outside);
    }
}
