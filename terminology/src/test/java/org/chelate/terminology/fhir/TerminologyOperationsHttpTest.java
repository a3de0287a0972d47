package org.chelate.terminology.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chelate.terminology.codes.ChelateSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TerminologyOperationsHttpTest {

    private static final FhirContext CTX = FhirContext.forR4();
    private static TerminologyServer server;
    private final IParser json = CTX.newJsonParser();

    @BeforeAll
    static void start() throws Exception {
        server = new TerminologyServer(CTX);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> T parse(Class<T> type, TerminologyServer.Response r) {
        return json.parseResource(type, r.body());
    }

    private static ParametersParameterComponent param(Parameters p, String name) {
        return p.getParameter().stream().filter(x -> x.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no parameter " + name));
    }

    private static List<ParametersParameterComponent> properties(Parameters p, String code) {
        return p.getParameter().stream().filter(x -> x.getName().equals("property"))
                .filter(x -> x.getPart().stream().anyMatch(part -> part.getName().equals("code") && part.getValue().primitiveValue().equals(code)))
                .toList();
    }

    @Test
    void readAndSearchByUrl() throws Exception {
        TerminologyServer.Response read = server.get("CodeSystem/chelate-supplement");
        assertEquals(200, read.status());
        assertEquals(ChelateSystems.SUPPLEMENT, parse(CodeSystem.class, read).getUrl());

        Bundle byUrl = parse(Bundle.class, server.get("ValueSet?url=" + enc(ChelateSystems.BASE + "/ValueSet/chelate-mineral-labs")));
        assertEquals(1, byUrl.getEntry().size());
        Bundle all = parse(Bundle.class, server.get("CodeSystem"));
        assertEquals(4, all.getEntry().size());
        Bundle maps = parse(Bundle.class, server.get("ConceptMap?url=" + enc(GeneratedConceptMaps.SALT_TO_MINERAL)));
        assertEquals(1, maps.getEntry().size());
        assertEquals(0, parse(Bundle.class, server.get("ValueSet?url=" + enc("http://example.org/nope"))).getEntry().size());

        TerminologyServer.Response missing = server.get("CodeSystem/nope");
        assertEquals(404, missing.status());
        parse(OperationOutcome.class, missing);
    }

    @Test
    void lookupOfASaltGivesDisplayPropertiesAndComputedFraction() throws Exception {
        TerminologyServer.Response r = server.get("CodeSystem/$lookup?system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=zinc-sulfate-heptahydrate");
        assertEquals(200, r.status(), r.body());
        Parameters p = parse(Parameters.class, r);
        assertEquals("zinc sulfate heptahydrate", param(p, "display").getValue().primitiveValue());
        assertEquals("ZnSO4·7H2O", properties(p, "formula").get(0).getPart().get(1).getValue().primitiveValue());
        BigDecimal fraction = ((DecimalType) properties(p, "elementalFraction").get(0).getPart().get(1).getValue()).getValue();
        assertTrue(fraction.compareTo(new BigDecimal("0.226")) > 0 && fraction.compareTo(new BigDecimal("0.228")) < 0, fraction.toPlainString());
    }

    @Test
    void lookupOfAVerifiedLoincMappingAndOfEventTiming() throws Exception {
        Parameters lab = parse(Parameters.class, server.get("CodeSystem/$lookup?system=" + enc(ChelateSystems.LAB_KIND) + "&code=serum-magnesium-mass"));
        Coding loinc = (Coding) properties(lab, "standardCode").get(0).getPart().get(1).getValue();
        assertEquals("19123-9", loinc.getCode());

        TerminologyServer.Response timing = server.get("CodeSystem/$lookup?system=" + enc(ChelateSystems.EVENT_TIMING) + "&code=MORN");
        assertEquals(200, timing.status(), timing.body());
        assertEquals("Morning", param(parse(Parameters.class, timing), "display").getValue().primitiveValue());
    }

    @Test
    void lookupOfUnknownSystemOrCodeIs404() throws Exception {
        TerminologyServer.Response unknownSystem = server.get("CodeSystem/$lookup?system=" + enc("http://example.org/cs") + "&code=x");
        assertEquals(404, unknownSystem.status());
        OperationOutcome oo = parse(OperationOutcome.class, unknownSystem);
        assertTrue(oo.getIssueFirstRep().getDiagnostics().contains("http://example.org/cs"));
        TerminologyServer.Response unknownCode = server.get("CodeSystem/$lookup?system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=unobtainium");
        assertEquals(404, unknownCode.status());
        assertTrue(parse(OperationOutcome.class, unknownCode).getIssueFirstRep().getDiagnostics().contains("unobtainium"));
        assertEquals(400, server.get("CodeSystem/$lookup?code=zinc").status());
    }

    @Test
    void expandWithAndWithoutFilter() throws Exception {
        String url = enc(ChelateSystems.BASE + "/ValueSet/chelate-magnesium-supplements");
        ValueSet all = parse(ValueSet.class, server.get("ValueSet/$expand?url=" + url));
        assertEquals(11, all.getExpansion().getTotal());
        assertEquals(11, all.getExpansion().getContains().size());

        TerminologyServer.Response filtered = server.get("ValueSet/$expand?url=" + url + "&filter=glycin");
        assertEquals(200, filtered.status(), filtered.body());
        ValueSet vs = parse(ValueSet.class, filtered);
        assertEquals(1, vs.getExpansion().getTotal());
        assertEquals("magnesium-bisglycinate", vs.getExpansion().getContainsFirstRep().getCode());
        assertEquals("magnesium bisglycinate", vs.getExpansion().getContainsFirstRep().getDisplay());

        ValueSet labs = parse(ValueSet.class, server.get("ValueSet/chelate-mineral-labs/$expand?filter=CKD-EPI"));
        // every CKD-EPI eGFR code facts.md lists (2021, 2009, and the 2009 race-coefficient variants)
        assertEquals(java.util.Set.of("98979-8", "62238-1", "88293-6", "88294-4"), labs.getExpansion().getContains()
                .stream().map(ValueSet.ValueSetExpansionContainsComponent::getCode).collect(java.util.stream.Collectors.toSet()));

        ValueSet page = parse(ValueSet.class, server.get("ValueSet/$expand?url=" + url + "&offset=2&count=3"));
        assertEquals(11, page.getExpansion().getTotal());
        assertEquals(3, page.getExpansion().getContains().size());

        ValueSet timing = parse(ValueSet.class, server.get("ValueSet/chelate-dose-timing/$expand?filter=morn"));
        assertTrue(timing.getExpansion().getContains().stream().anyMatch(c -> c.getCode().equals("MORN") && c.getSystem().equals(ChelateSystems.EVENT_TIMING)));
    }

    @Test
    void expandOfUnknownValueSetIs404() throws Exception {
        TerminologyServer.Response r = server.get("ValueSet/$expand?url=" + enc("http://example.org/ValueSet/nope"));
        assertEquals(404, r.status());
        assertTrue(parse(OperationOutcome.class, r).getIssueFirstRep().getDiagnostics().contains("http://example.org/ValueSet/nope"));
        assertEquals(404, server.get("ValueSet/nope/$expand").status());
        assertEquals(400, server.get("ValueSet/$expand").status());
    }

    @Test
    void garbageNeverGivesA500() throws Exception {
        String vs = enc(ChelateSystems.BASE + "/ValueSet/chelate-zinc-supplements");
        for (String query : List.of("CodeSystem/$lookup?coding=garbage", "CodeSystem/$lookup?coding=%7C%7C%7C",
                "ValueSet/$validate-code?url=" + vs + "&coding=%7Czinc", "ValueSet/$validate-code?url=" + vs + "&code=%00",
                "ConceptMap/$translate?coding=nonsense", "ValueSet/$expand?url=" + vs + "&filter=%25%25%25",
                "ValueSet/$expand?url=not%20a%20url", "CodeSystem/$validate-code?code=x", "ValueSet/$expand?url=" + vs + "&count=99999999999")) {
            TerminologyServer.Response r = server.get(query);
            assertTrue(r.status() < 500, query + " -> " + r.status() + " " + r.body());
        }
        TerminologyServer.Response notJson = server.post("ValueSet/$expand", "{not json");
        assertTrue(notJson.status() >= 400 && notJson.status() < 500, notJson.status() + " " + notJson.body());
    }

    @Test
    void expandByPostWithIntegerCount() throws Exception {
        Parameters in = new Parameters();
        in.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.UriType(ChelateSystems.BASE + "/ValueSet/chelate-zinc-supplements"));
        in.addParameter().setName("count").setValue(new org.hl7.fhir.r4.model.IntegerType(2));
        in.addParameter().setName("filter").setValue(new org.hl7.fhir.r4.model.StringType("zinc"));
        TerminologyServer.Response r = server.post("ValueSet/$expand", json.encodeResourceToString(in));
        assertEquals(200, r.status(), r.body());
        ValueSet vs = parse(ValueSet.class, r);
        assertEquals(9, vs.getExpansion().getTotal());
        assertEquals(2, vs.getExpansion().getContains().size());
    }

    @Test
    void badNumbersAndEmptyParametersAre400NotErrors() throws Exception {
        String url = enc(ChelateSystems.BASE + "/ValueSet/chelate-zinc-supplements");
        for (String query : List.of("ValueSet/$expand?url=" + url + "&count=abc", "ValueSet/$expand?url=" + url + "&offset=-1",
                "ValueSet/$expand?url=" + url + "&count=-5", "CodeSystem/$lookup?system=&code=", "ValueSet/$validate-code?url=" + url,
                "ConceptMap/$translate?system=" + enc(ChelateSystems.SUPPLEMENT))) {
            TerminologyServer.Response r = server.get(query);
            assertEquals(400, r.status(), query + " -> " + r.body());
            parse(OperationOutcome.class, r);
        }
    }

    @Test
    void validateCode() throws Exception {
        String url = enc(ChelateSystems.BASE + "/ValueSet/chelate-zinc-supplements");
        Parameters ok = parse(Parameters.class, server.get("ValueSet/$validate-code?url=" + url
                + "&system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=zinc-gluconate"));
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(ok, "result").getValue()).booleanValue(), json.encodeResourceToString(ok));

        TerminologyServer.Response wrongMineral = server.get("ValueSet/$validate-code?url=" + url
                + "&system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=magnesium-oxide");
        assertEquals(200, wrongMineral.status());
        Parameters no = parse(Parameters.class, wrongMineral);
        assertFalse(((org.hl7.fhir.r4.model.BooleanType) param(no, "result").getValue()).booleanValue());
        assertFalse(param(no, "message").getValue().primitiveValue().isBlank());

        TerminologyServer.Response unknown = server.get("ValueSet/$validate-code?url=" + url
                + "&system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=unobtainium");
        assertEquals(200, unknown.status());
        Parameters unk = parse(Parameters.class, unknown);
        assertFalse(((org.hl7.fhir.r4.model.BooleanType) param(unk, "result").getValue()).booleanValue());
        assertTrue(param(unk, "message").getValue().primitiveValue().length() > 0);

        Parameters loinc = parse(Parameters.class, server.get("ValueSet/chelate-mineral-labs/$validate-code?system="
                + enc(ChelateSystems.LOINC) + "&code=19123-9"));
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(loinc, "result").getValue()).booleanValue(), json.encodeResourceToString(loinc));
        Parameters notLab = parse(Parameters.class, server.get("ValueSet/chelate-mineral-labs/$validate-code?system="
                + enc(ChelateSystems.LOINC) + "&code=2951-2"));
        assertFalse(((org.hl7.fhir.r4.model.BooleanType) param(notLab, "result").getValue()).booleanValue());

        assertEquals(404, server.get("ValueSet/$validate-code?url=" + enc("http://example.org/ValueSet/nope") + "&code=x").status());
    }

    @Test
    void validateCodeInCodeSystem() throws Exception {
        Parameters ok = parse(Parameters.class, server.get("CodeSystem/$validate-code?url=" + enc(ChelateSystems.SCORE) + "&code=stress-nrs"));
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(ok, "result").getValue()).booleanValue(), json.encodeResourceToString(ok));
        TerminologyServer.Response bad = server.get("CodeSystem/chelate-symptom-score/$validate-code?code=happiness");
        assertEquals(200, bad.status(), bad.body());
        Parameters no = parse(Parameters.class, bad);
        assertFalse(((org.hl7.fhir.r4.model.BooleanType) param(no, "result").getValue()).booleanValue());
        assertTrue(param(no, "message").getValue().primitiveValue().contains("happiness"), json.encodeResourceToString(no));
        assertEquals(404, server.get("CodeSystem/$validate-code?url=" + enc("http://example.org/cs") + "&code=x").status());
    }

    @Test
    void validateCodeByPostedCoding() throws Exception {
        Parameters in = new Parameters();
        in.addParameter().setName("url").setValue(new org.hl7.fhir.r4.model.UriType(ChelateSystems.BASE + "/ValueSet/chelate-symptom-scores"));
        in.addParameter().setName("coding").setValue(new Coding(ChelateSystems.LOINC, "72514-3", null));
        TerminologyServer.Response r = server.post("ValueSet/$validate-code", json.encodeResourceToString(in));
        assertEquals(200, r.status(), r.body());
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(parse(Parameters.class, r), "result").getValue()).booleanValue(), r.body());
    }

    @Test
    void translateSaltToMineralWithFraction() throws Exception {
        TerminologyServer.Response r = server.get("ConceptMap/$translate?url=" + enc(GeneratedConceptMaps.SALT_TO_MINERAL)
                + "&system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=magnesium-oxide");
        assertEquals(200, r.status(), r.body());
        Parameters p = parse(Parameters.class, r);
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(p, "result").getValue()).booleanValue());
        ParametersParameterComponent match = param(p, "match");
        Coding concept = (Coding) match.getPart().stream().filter(x -> x.getName().equals("concept")).findFirst().orElseThrow().getValue();
        assertEquals("magnesium", concept.getCode());
        ParametersParameterComponent product = match.getPart().stream().filter(x -> x.getName().equals("product")).findFirst().orElseThrow();
        BigDecimal fraction = new BigDecimal(((Coding) product.getPart().get(1).getValue()).getCode());
        assertTrue(fraction.compareTo(new BigDecimal("0.602")) > 0 && fraction.compareTo(new BigDecimal("0.604")) < 0, fraction.toPlainString());

        Parameters byInstance = parse(Parameters.class, server.get("ConceptMap/chelate-salt-to-mineral/$translate?system="
                + enc(ChelateSystems.SUPPLEMENT) + "&code=zinc-gluconate"));
        assertTrue(((org.hl7.fhir.r4.model.BooleanType) param(byInstance, "result").getValue()).booleanValue());
    }

    @Test
    void translateOfUnknownCodeIsResultFalseAndUnknownMapIs404() throws Exception {
        TerminologyServer.Response r = server.get("ConceptMap/$translate?system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=magnesium");
        assertEquals(200, r.status());
        Parameters p = parse(Parameters.class, r);
        assertFalse(((org.hl7.fhir.r4.model.BooleanType) param(p, "result").getValue()).booleanValue());
        assertTrue(param(p, "message").getValue().primitiveValue().contains("magnesium"));
        assertEquals(404, server.get("ConceptMap/$translate?url=" + enc("http://example.org/ConceptMap/x")
                + "&system=" + enc(ChelateSystems.SUPPLEMENT) + "&code=magnesium-oxide").status());
        assertEquals(400, server.get("ConceptMap/$translate?code=magnesium-oxide").status());
    }

    @Test
    void servedConceptMapIsTheGeneratedOne() throws Exception {
        ConceptMap map = parse(ConceptMap.class, server.get("ConceptMap/chelate-salt-to-mineral"));
        assertEquals(18, map.getGroupFirstRep().getElement().size());
    }
}
