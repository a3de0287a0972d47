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
            Set.of("read", "vread", "update", "delete", "history-instance", "history-type", "create", "search-type");

    /** The required parameters; each must be listed (more may be, and then they must work: see below). */
    private static final Map<String, Set<String>> REQUIRED = Map.of(
            "Patient", Set.of("identifier", "name", "birthdate", "_id", "_lastUpdated"),
            "MedicationStatement", Set.of("patient", "subject", "status", "code", "effective", "_id", "_lastUpdated"),
            "Observation", Set.of("patient", "subject", "code", "category", "date", "status", "_id", "_lastUpdated"),
            "MedicationRequest", Set.of("patient", "status", "code", "_id", "_lastUpdated"),
            "Medication", Set.of("code", "_id", "_lastUpdated"));

    private static final Set<String> TERMINOLOGY_TYPES = Set.of("CodeSystem", "ValueSet", "ConceptMap");

    @ParameterizedTest
    @EnumSource(Backend.class)
    void metadataListsTheStoredTypesTheirInteractionsAndExactlyTheIndexedParameters(Backend backend) throws Exception {
        FhirHttp http = http(backend);
        FhirHttp.Reply reply = http.get("metadata");
        assertEquals(200, reply.status(), reply.body());
        CapabilityStatement statement = reply.as(CapabilityStatement.class);
        var rest = statement.getRestFirstRep();
        Set<String> system = rest.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
        assertEquals(Set.of("transaction", "batch"), system);

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
            for (var include : resource.getSearchInclude()) {
                FhirHttp.Reply probe = http.get(type + "?_include=" + include.getValue());
                assertEquals(200, probe.status(), "listed include " + include.getValue() + " must work: " + probe.body());
            }
        }
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
}
