package org.chelate.plugin.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.chelate.plugin.cdshooks.bench.BenchmarkData;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * The plain reader must build exactly what HAPI's strict parser builds from the same request tree, and must leave to
 * HAPI everything it cannot build exactly: compared by HAPI's own encoding of both results, resource ids and
 * {@code equalsDeep}, over generated records, a hand-made record using every element the reader knows, and
 * mutations of it that are invalid or outside the plain shape.
 */
class PlainObservationReaderTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = CdsHooksService.requestMapper();
    private final PlainObservationReader reader = new PlainObservationReader();

    /** Every element the reader builds itself, with values of several precisions and forms. */
    private static final String RICH = """
            {"resourceType":"Observation","id":"rich-1",
             "meta":{"versionId":"3","lastUpdated":"2026-11-20T08:15:30.123+01:00","source":"urn:ehr:lab",
                     "profile":["http://example.org/StructureDefinition/lab"]},
             "status":"amended",
             "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category",
                                     "code":"laboratory","display":"Laboratory","userSelected":false}]}],
             "code":{"coding":[{"system":"http://loinc.org","version":"2.77","code":"2601-3",
                                "display":"Magnesium [Moles/volume] in Serum or Plasma","userSelected":true},
                               {"system":"urn:local","code":"MG"}],"text":"Serum magnesium"},
             "subject":{"reference":"Patient/p1","type":"Patient","display":"Pat One"},
             "encounter":{"reference":"Encounter/e1"},
             "performer":[{"reference":"Practitioner/dr-1"},{"display":"Lab"}],
             "effectiveDateTime":"2026-11-19T07:30:00-05:00",
             "issued":"2026-11-19T14:00:00Z",
             "valueQuantity":{"value":0.620,"comparator":"<=","unit":"mmol/L","system":"http://unitsofmeasure.org",
                              "code":"mmol/L"},
             "interpretation":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                                           "code":"L"}],"text":"low"}],
             "method":{"text":"colorimetric"},
             "referenceRange":[{"low":{"value":0.70,"unit":"mmol/L","system":"http://unitsofmeasure.org","code":"mmol/L"},
                                "high":{"value":1E+0,"unit":"mmol/L"},
                                "type":{"text":"normal"},"text":"0.70-1.00 mmol/L"}]}
            """;

    @Test
    void buildsWhatHapiBuildsForGeneratedRecords() throws Exception {
        List<Observation> observations = BenchmarkData.observations(120);
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(observations.size());
        for (Observation o : observations) {
            bundle.addEntry().setFullUrl("https://ehr.example/fhir/Observation/" + o.getIdElement().getIdPart())
                    .setResource(o).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        ObjectNode tree = (ObjectNode) JSON.readTree(FHIR.newJsonParser().encodeResourceToString(bundle));

        Bundle plain = reader.readBundle(tree, this::hapiResource).orElseThrow(() -> new AssertionError("left to HAPI"));

        assertSame(hapiBundle(tree), plain);
        assertEquals(120, plain.getEntry().size());
    }

    @Test
    void buildsWhatHapiBuildsForEveryElementItKnows() throws Exception {
        for (String variant : List.of(RICH,
                RICH.replace("\"effectiveDateTime\":\"2026-11-19T07:30:00-05:00\"", "\"effectiveDateTime\":\"2026\""),
                RICH.replace("\"effectiveDateTime\":\"2026-11-19T07:30:00-05:00\"", "\"effectiveDateTime\":\"2026-11\""),
                RICH.replace("\"effectiveDateTime\":\"2026-11-19T07:30:00-05:00\"",
                        "\"effectivePeriod\":{\"start\":\"2026-11-01\",\"end\":\"2026-11-19T10:00:00Z\"}"),
                RICH.replace("\"effectiveDateTime\":\"2026-11-19T07:30:00-05:00\"",
                        "\"effectiveInstant\":\"2026-11-19T07:30:00.5Z\""),
                RICH.replace("\"valueQuantity\":{\"value\":0.620,", "\"valueQuantity\":{\"value\":62,"),
                RICH.replace("\"valueQuantity\":{\"value\":0.620,", "\"valueQuantity\":{\"value\":-0.0,"),
                RICH.replace("\"valueQuantity\":{\"value\":0.620,", "\"valueQuantity\":{\"value\":123456789012345678901234567890,"),
                RICH.replaceFirst("\"valueQuantity\":\\{[^}]*}", "\"valueInteger\":7"),
                RICH.replaceFirst("\"valueQuantity\":\\{[^}]*}", "\"valueString\":\"positive\""),
                RICH.replaceFirst("\"valueQuantity\":\\{[^}]*}",
                        "\"valueCodeableConcept\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"77386006\"}]}"),
                RICH.replaceFirst("\"valueQuantity\":\\{[^}]*}",
                        "\"dataAbsentReason\":{\"coding\":[{\"code\":\"not-performed\"}]}"))) {
            for (String fullUrl : new String[] {null, "https://ehr.example/fhir/Observation/rich-1",
                    "urn:uuid:0e6f2f0a-5a7e-4c43-9a62-1b2f3c4d5e6f", "https://other.example/Observation/x/_history/9"}) {
                ObjectNode tree = bundleOf(variant, fullUrl);
                Optional<Bundle> plain = reader.readBundle(tree, this::hapiResource);
                assertTrue(plain.isPresent(), () -> "left to HAPI: " + variant);
                assertSame(hapiBundle(tree), plain.get());
            }
        }
    }

    @Test
    void leavesToHapiWhatItCannotBuildExactly() throws Exception {
        Map<String, Consumer<ObjectNode>> mutations = new LinkedHashMap<>();
        mutations.put("unknown element", o -> o.put("colour", "red"));
        mutations.put("extension", o -> o.putArray("extension").addObject().put("url", "urn:x").put("valueString", "y"));
        mutations.put("primitive extension", o -> o.putObject("_status").put("id", "s1"));
        mutations.put("narrative", o -> o.putObject("text").put("status", "generated")
                .put("div", "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>"));
        mutations.put("contained", o -> o.putArray("contained").addObject().put("resourceType", "Patient"));
        mutations.put("note", o -> o.putArray("note").addObject().put("text", "n"));
        mutations.put("unknown status", o -> o.put("status", "done"));
        mutations.put("status as number", o -> o.put("status", 1));
        mutations.put("status empty", o -> o.put("status", ""));
        mutations.put("impossible date", o -> o.put("effectiveDateTime", "2026-13-45"));
        mutations.put("date with words", o -> o.put("effectiveDateTime", "yesterday"));
        mutations.put("instant without zone", o -> o.put("issued", "2026-11-19T14:00:00"));
        mutations.put("two effective times", o -> o.putObject("effectivePeriod").put("start", "2026-11-01"));
        mutations.put("two values", o -> o.put("valueInteger", 3));
        mutations.put("value as string", o -> ((ObjectNode) o.get("valueQuantity")).put("value", "0.62"));
        mutations.put("value as boolean", o -> ((ObjectNode) o.get("valueQuantity")).put("value", true));
        mutations.put("value null", o -> ((ObjectNode) o.get("valueQuantity")).putNull("value"));
        mutations.put("integer with fraction", o -> {
            o.remove("valueQuantity");
            o.put("valueInteger", new java.math.BigDecimal("3.5"));
        });
        mutations.put("integer too large", o -> {
            o.remove("valueQuantity");
            o.put("valueInteger", 3_000_000_000L);
        });
        mutations.put("unknown comparator", o -> ((ObjectNode) o.get("valueQuantity")).put("comparator", "~"));
        mutations.put("code as array", o -> o.set("code", o.arrayNode().add(o.get("code"))));
        mutations.put("coding as object", o -> ((ObjectNode) o.get("code")).set("coding",
                ((ArrayNode) o.get("code").get("coding")).get(0)));
        mutations.put("category as object", o -> o.set("category", o.get("category").get(0)));
        mutations.put("empty category", o -> o.putArray("category"));
        mutations.put("empty code", o -> o.putObject("code"));
        mutations.put("null in an array", o -> ((ArrayNode) o.get("performer")).addNull());
        mutations.put("userSelected as string", o -> ((ObjectNode) o.get("code").get("coding").get(0))
                .put("userSelected", "true"));
        mutations.put("unknown coding element", o -> ((ObjectNode) o.get("code").get("coding").get(0))
                .put("weight", 1));
        mutations.put("reference identifier", o -> ((ObjectNode) o.get("subject")).putObject("identifier")
                .put("value", "123"));
        mutations.put("meta tag", o -> ((ObjectNode) o.get("meta")).putArray("tag").addObject().put("code", "t"));
        mutations.put("lastUpdated as date", o -> ((ObjectNode) o.get("meta")).put("lastUpdated", "2026-11-20"));
        mutations.put("wrong resourceType", o -> o.put("resourceType", "Observatoin"));
        mutations.put("range age", o -> ((ObjectNode) o.get("referenceRange").get(0)).putObject("age"));
        mutations.put("text as number", o -> ((ObjectNode) o.get("code")).put("text", 5));
        mutations.put("id as number", o -> o.put("id", 5));

        List<String> hapiAccepts = new ArrayList<>();
        for (Map.Entry<String, Consumer<ObjectNode>> mutation : mutations.entrySet()) {
            ObjectNode tree = bundleOf(RICH, "https://ehr.example/fhir/Observation/rich-1");
            mutation.getValue().accept((ObjectNode) tree.get("entry").get(0).get("resource"));
            Bundle byHapi;
            try {
                byHapi = hapiBundle(tree);
            } catch (DataFormatException | IllegalArgumentException | ClassCastException refused) {
                byHapi = null;
            }
            // what HAPI refuses the reader must send to HAPI, whose error is then the answer
            Bundle bundle;
            try {
                bundle = reader.readBundle(tree, this::hapiResource).orElseGet(() -> hapiBundle(tree));
            } catch (DataFormatException | IllegalArgumentException | ClassCastException refused) {
                bundle = null;
            }
            if (byHapi == null) {
                assertEquals(null, bundle, () -> "HAPI refuses, the reader's path accepted: " + mutation.getKey());
            } else {
                hapiAccepts.add(mutation.getKey());
                assertSame(byHapi, bundle);
            }
        }
        // both kinds are in the table: HAPI's strict parser refuses some, accepts others (it keeps extensions and
        // narrative, and reads a string "0.62" as a decimal), and either way the answer is the same as HAPI's alone
        assertTrue(hapiAccepts.containsAll(List.of("extension", "narrative", "note", "value as string")),
                hapiAccepts::toString);
        assertTrue(List.of("unknown element", "unknown status", "impossible date", "two values", "unknown comparator")
                .stream().noneMatch(hapiAccepts::contains), hapiAccepts::toString);
    }

    @Test
    void bundleEntriesOutsideThePlainShapeLeaveTheWholeBundleToHapi() throws Exception {
        ObjectNode withRequest = bundleOf(RICH, null);
        ((ObjectNode) withRequest.get("entry").get(0)).putObject("request").put("method", "GET").put("url", "x");
        assertTrue(reader.readBundle(withRequest, this::hapiResource).isEmpty());

        ObjectNode noEntries = bundleOf(RICH, null);
        noEntries.remove("entry");
        assertTrue(reader.readBundle(noEntries, this::hapiResource).isEmpty());

        ObjectNode badMode = bundleOf(RICH, null);
        ((ObjectNode) badMode.get("entry").get(0)).putObject("search").put("mode", "maybe");
        assertTrue(reader.readBundle(badMode, this::hapiResource).isEmpty());
    }

    @Test
    void otherResourceTypesInTheBundleAreParsedByHapi() throws Exception {
        ObjectNode tree = bundleOf(RICH, null);
        ((ArrayNode) tree.get("entry")).addObject().set("resource", JSON.readTree("""
                {"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"incomplete"}]}"""));
        Bundle plain = reader.readBundle(tree, this::hapiResource).orElseThrow();
        assertSame(hapiBundle(tree), plain);
    }

    private static ObjectNode bundleOf(String observation, String fullUrl) throws Exception {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle").put("type", "searchset").put("total", 1);
        bundle.putArray("link").addObject().put("relation", "self").put("url", "https://ehr.example/fhir/Observation");
        ObjectNode entry = bundle.putArray("entry").addObject();
        if (fullUrl != null) {
            entry.put("fullUrl", fullUrl);
        }
        entry.set("resource", JSON.readTree(observation));
        entry.putObject("search").put("mode", "match").put("score", 1);
        return (ObjectNode) JSON.readTree(JSON.writeValueAsString(bundle));
    }

    /** The parse PrefetchResolver does: HAPI's strict parser on the request's own tree. */
    private Bundle hapiBundle(JsonNode tree) {
        return (Bundle) parse(tree);
    }

    private IBaseResource hapiResource(ObjectNode tree) {
        return parse(tree);
    }

    private static IBaseResource parse(JsonNode tree) {
        IParser parser = FHIR.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject(tree.deepCopy());
        return ((IJsonLikeParser) parser).parseResource(null, structure);
    }

    private static void assertSame(Bundle expected, Bundle actual) {
        IParser encoder = FHIR.newJsonParser();
        assertEquals(encoder.encodeResourceToString(expected), encoder.encodeResourceToString(actual));
        assertTrue(expected.equalsDeep(actual), "equalsDeep");
        assertEquals(expected.getEntry().size(), actual.getEntry().size());
        for (int i = 0; i < expected.getEntry().size(); i++) {
            IBaseResource e = expected.getEntry().get(i).getResource();
            IBaseResource a = actual.getEntry().get(i).getResource();
            if (e == null || a == null) {
                assertEquals(e, a);
                continue;
            }
            assertEquals(e.getClass(), a.getClass());
            assertEquals(e.getIdElement().getValue(), a.getIdElement().getValue(), "id of entry " + i);
            if (e instanceof Observation eo && !eo.equalsDeep((Observation) a)) {
                fail("entry " + i + " differs: " + encoder.encodeResourceToString(e) + " vs "
                        + encoder.encodeResourceToString(a));
            }
        }
    }
}
