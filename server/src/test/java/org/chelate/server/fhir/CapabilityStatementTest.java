package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CapabilityStatementTest extends ServerPerBackend {

    private static final Set<String> INTERACTIONS =
            Set.of("read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create",
                    "search-type");

    /** The required parameters; each must be listed (more may be, and then they must work: see below). */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "Patient", Set.of("identifier", "name", "birthdate", "_id", "_lastUpdated"),
            "MedicationStatement", Set.of("patient", "subject", "status", "code", "effective", "_id", "_lastUpdated"),
            "Observation", Set.of("patient", "subject", "code", "category", "date", "status", "_id", "_lastUpdated"),
            "MedicationRequest", Set.of("patient", "status", "code", "_id", "_lastUpdated"),
            "Medication", Set.of("code", "_id", "_lastUpdated"));

    /** Served read-only from their modules' definitions, not from the store. */
    private static final Set<String> TERMINOLOGY_TYPES = Set.of("CodeSystem", "ValueSet", "ConceptMap",
            "StructureDefinition");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metadataListsTheStoredTypesTheirInteractionsAndExactlyTheIndexedParameters(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        FhirHttp.Reply reply = http.get("metadata");
        assertEquals(200, reply.status(), reply.body());
        CapabilityStatement statement = reply.as(CapabilityStatement.class);
        var rest = statement.getRestFirstRep();
        Set<String> system = rest.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
        assertEquals(Set.of("transaction", "batch", "search-system", "history-system"), system);
        walkSystemLevelClaims(http, rest);

        Set<String> listed = rest.getResource().stream().map(r -> r.getType()).collect(Collectors.toSet());
        assertTrue(listed.containsAll(REQUIRED.keySet()), listed.toString());
        for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
            String type = resource.getType();
            if (type.equals("OperationDefinition")) {
                continue; // HAPI's own, describing operations
            }
            Set<String> interactions = resource.getInteraction().stream().map(i -> i.getCode().toCode())
                    .collect(Collectors.toSet());
            Set<String> params = resource.getSearchParam().stream().map(p -> p.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (TERMINOLOGY_TYPES.contains(type)) {
                // served read-only from the terminology module, not from the store
                assertEquals(Set.of("read", "search-type"), interactions, type);
                assertEquals(Set.of("url"), params, type);
            } else {
                assertEquals(INTERACTIONS, interactions, type);
                assertTrue(params.containsAll(REQUIRED.getOrDefault(type, Set.of())), type + " lists " + params);
                assertTrue(resource.getConditionalCreate(), type);
                assertEquals(CapabilityStatement.ResourceVersionPolicy.VERSIONEDUPDATE, resource.getVersioning());
            }
            if (interactions.contains("patch")) {
                // bound for the type: an unknown id is 404 (not 405 or 400), a JSON Patch and a FHIRPath Patch alike
                FhirHttp.Reply patch = http.patch(type + "/nosuch-probe", "[]", "application/json-patch+json");
                assertEquals(404, patch.status(), "claimed patch on " + type + ": " + patch.body());
                FhirHttp.Reply fhirPatch = http.patch(type + "/nosuch-probe", "{\"resourceType\":\"Parameters\","
                        + "\"parameter\":[{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":"
                        + "\"delete\"},{\"name\":\"path\",\"valueString\":\"" + type + ".id\"}]}]}",
                        FhirHttp.JSON);
                assertEquals(404, fhirPatch.status(), "claimed FHIRPath patch on " + type + ": " + fhirPatch.body());
            }
            if (backend != Backend.H2 && !REQUIRED.containsKey(type)) {
                continue; // the SQL is the same on both stores: the whole walk runs on H2, the types on both
            }
            for (String param : params) {
                FhirHttp.Reply probe = http.get(type + "?" + param + "=" + probeValue(resource, param));
                assertEquals(200, probe.status(), "listed parameter " + type + "." + param + " must work: " + probe.body());
                if (resource.getSearchParam().stream().anyMatch(p -> p.getName().equals(param)
                        && p.getType() == org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE)) {
                    FhirHttp.Reply sorted = http.get(type + "?_sort=-" + param);
                    assertEquals(200, sorted.status(), "date parameter " + type + "." + param + " sorts: " + sorted.body());
                }
            }
            for (var revInclude : resource.getSearchRevInclude()) {
                FhirHttp.Reply probe = http.get(type + "?_count=1&_revinclude=" + revInclude.getValue());
                assertEquals(200, probe.status(), "listed revinclude " + revInclude.getValue() + " must work: "
                        + probe.body());
            }
            for (var include : resource.getSearchInclude()) {
                FhirHttp.Reply probe = http.get(type + "?_include=" + include.getValue());
                assertEquals(200, probe.status(), "listed include " + include.getValue() + " must work: " + probe.body());
            }
        }
    }

    /** Compartment, system search and system history claims, probed against the running server. */
    private static void walkSystemLevelClaims(FhirHttp http, CapabilityStatement.CapabilityStatementRestComponent rest) {
        Map<String, String> memberOf = Map.of("patient", "Patient/probe/Observation", "encounter",
                "Encounter/probe/Observation", "practitioner", "Practitioner/probe/Encounter", "relatedPerson",
                "RelatedPerson/probe/Observation", "device", "Device/probe/Observation");
        assertEquals(memberOf.keySet(), rest.getCompartment().stream()
                .map(c -> c.getValue().substring(c.getValue().lastIndexOf('/') + 1)).collect(Collectors.toSet()));
        for (String search : memberOf.values()) {
            FhirHttp.Reply probe = http.get(search + "?_lastUpdated=ge2020-01-01");
            assertEquals(200, probe.status(), "claimed compartment search " + search + ": " + probe.body());
        }
        for (var param : rest.getSearchParam()) {
            String value = param.getType() == org.hl7.fhir.r4.model.Enumerations.SearchParamType.DATE ? "ge2020-01-01"
                    : "probe";
            FhirHttp.Reply probe = http.get("?_type=Patient,Observation&" + param.getName() + "=" + value);
            assertEquals(200, probe.status(), "claimed system search parameter " + param.getName() + ": " + probe.body());
        }
        FhirHttp.Reply history = http.get("_history?_count=2&_since=2020-01-01T00:00:00Z");
        assertEquals(200, history.status(), history.body());
    }

    private static String probeValue(CapabilityStatementRestResourceComponent resource, String param) {
        var type = resource.getSearchParam().stream().filter(p -> p.getName().equals(param)).findFirst()
                .orElseThrow().getType();
        return switch (type) {
            case DATE -> "ge2020-01-01";
            case REFERENCE -> "Patient/probe";
            case NUMBER -> "ge5.4";
            case QUANTITY -> "le5.4|http://unitsofmeasure.org|mg";
            case URI -> "http://example.org/probe";
            default -> "probe";
        };
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void theStatementNamesTheServerAndItsProfilesAndEveryOperationDefinitionItClaimsIsServedComplete(Backend backend)
            throws Exception {
        FhirHttp http = http(backend);
        CapabilityStatement statement = http.get("metadata").as(CapabilityStatement.class);
        assertEquals("ChelateCapabilityStatement", statement.getName());
        assertEquals("Chelate", statement.getPublisher());
        assertEquals("Chelate", statement.getSoftware().getName());
        assertTrue(statement.getImplementation().getUrl().endsWith("/fhir"), statement.getImplementation().getUrl());
        var statements = statement.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals("MedicationStatement")).findFirst().orElseThrow();
        assertTrue(statements.getSupportedProfile().stream().anyMatch(p -> p.getValue().endsWith(
                "chelate-supplement-medicationstatement")), statements.getSupportedProfile().toString());
        assertTrue(statements.getConditionalUpdate());
        assertEquals(CapabilityStatement.ConditionalDeleteStatus.SINGLE, statements.getConditionalDelete());
        for (var resource : statement.getRestFirstRep().getResource()) {
            for (var profile : resource.getSupportedProfile()) {
                FhirHttp.Reply found = http.get("StructureDefinition?url=" + profile.getValue());
                assertEquals(1, found.bundle().getEntry().size(), profile.getValue());
                String id = found.bundle().getEntryFirstRep().getResource().getIdElement().getIdPart();
                assertEquals(200, http.get("StructureDefinition/" + id).status());
            }
        }
        java.util.List<String> definitions = new java.util.ArrayList<>();
        statement.getRestFirstRep().getOperation().forEach(o -> definitions.add(o.getDefinition()));
        statement.getRestFirstRep().getResource().forEach(r -> r.getOperation()
                .forEach(o -> definitions.add(o.getDefinition())));
        assertTrue(definitions.size() >= 4, definitions.toString());
        for (String url : new java.util.TreeSet<>(definitions)) {
            FhirHttp.Reply read = http.get(url);
            assertEquals(200, read.status(), url + ": " + read.body());
            var definition = read.as(org.hl7.fhir.r4.model.OperationDefinition.class);
            assertTrue(definition.hasId(), url);
            if (definition.getCode().equals("validate")) {
                assertTrue(!definition.getAffectsState(), url);
                assertTrue(definition.getParameter().stream().anyMatch(p -> p.getName().equals("mode")), url);
            }
            if (definition.getCode().equals("everything")) {
                assertEquals("http://hl7.org/fhir/OperationDefinition/Patient-everything", definition.getBase(), url);
                assertTrue(definition.getParameter().stream().anyMatch(p -> p.getName().equals("return")
                        && p.getType().equals("Bundle")), url);
            }
            if (definition.getCode().equals("regimen-summary")) {
                assertEquals("date", definition.getParameter().stream().filter(p -> p.getName().equals("date")
                        && p.getUse().toCode().equals("in")).findFirst().orElseThrow().getType());
                assertTrue(definition.getParameter().stream().anyMatch(p -> p.getName().equals("mineral")
                        && p.getUse().toCode().equals("out") && p.hasPart()), url);
            }
        }
    }

    /** R4 has no element for chains and _has: their documentation claims them, with examples; every one must work. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyDocumentedChainAndHasWorks(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        CapabilityStatement statement = http.get("metadata").as(CapabilityStatement.class);
        java.util.regex.Pattern example = java.util.regex.Pattern.compile("e\\.g\\. `([^`]+)`");
        int chains = 0;
        int reverse = 0;
        for (CapabilityStatementRestResourceComponent resource : statement.getRestFirstRep().getResource()) {
            String type = resource.getType();
            if (backend != Backend.H2 && !REQUIRED.containsKey(type)) {
                continue;
            }
            java.util.List<String> probes = new java.util.ArrayList<>();
            for (var param : resource.getSearchParam()) {
                if (param.hasDocumentation() && param.getDocumentation().contains("Chainable")) {
                    var found = example.matcher(param.getDocumentation());
                    assertTrue(found.find(), param.getDocumentation());
                    probes.add(found.group(1));
                    chains++;
                }
            }
            if (resource.hasDocumentation() && resource.getDocumentation().contains("Reverse chaining")) {
                var found = example.matcher(resource.getDocumentation());
                assertTrue(found.find(), resource.getDocumentation());
                probes.add(found.group(1));
                reverse++;
            }
            for (String probe : probes) {
                FhirHttp.Reply reply = http.get(type + "?_count=1&" + probe);
                assertEquals(200, reply.status(), "documented " + type + "?" + probe + " must work: " + reply.body());
            }
        }
        assertTrue(chains >= 5 && reverse >= 5, chains + " chains, " + reverse + " _has documented");
    }
}
