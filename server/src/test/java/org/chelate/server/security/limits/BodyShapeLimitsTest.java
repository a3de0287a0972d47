package org.chelate.server.security.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyShapeLimitsTest {

    private final BodyShapeLimits limits = new BodyShapeLimits(10, 3);

    @Test
    void jsonWithinLimitsPasses() {
        assertNull(limits.checkJson(bytes("{\"resourceType\":\"Bundle\",\"entry\":[{\"a\":1},{\"b\":[1,2,3]},{}]}")));
    }

    @Test
    void jsonControlCharactersInStringsOrNamesAreFound() {
        for (String body : new String[] {"{\"family\":\"a\\u0000b\"}", "{\"a\\u0001\":1}", "[\"\\u001f\"]"}) {
            assertEquals(BodyShapeLimits.Violation.CONTROL_CHARACTER, limits.checkJson(bytes(body)).violation(), body);
        }
        assertNull(limits.checkJson(bytes("{\"text\":\"tab\\tLF\\nCR\\r and \\u00e9\"}")));
    }

    @Test
    void jsonTooDeep() {
        String deep = "[".repeat(11) + "]".repeat(11);
        assertEquals(BodyShapeLimits.Violation.TOO_DEEP, limits.checkJson(bytes(deep)).violation());
        assertNull(limits.checkJson(bytes("[".repeat(10) + "]".repeat(10))));
    }

    @Test
    void jsonTooDeepEvenWhenUnterminated() {
        assertEquals(BodyShapeLimits.Violation.TOO_DEEP, limits.checkJson(bytes("{\"a\":".repeat(50))).violation());
    }

    @Test
    void jsonTooManyEntriesCountsNestedBundlesToo() {
        assertEquals(BodyShapeLimits.Violation.TOO_MANY_ENTRIES,
                limits.checkJson(bytes("{\"entry\":[{},{},{},{}]}")).violation());
        assertEquals(BodyShapeLimits.Violation.TOO_MANY_ENTRIES, limits.checkJson(bytes(
                "{\"entry\":[{\"resource\":{\"entry\":[{},{}]}},{}]}")).violation());
    }

    @Test
    void malformedJsonIsLeftToTheRealParser() {
        assertNull(limits.checkJson(bytes("{\"resourceType\": ")));
        assertNull(limits.checkJson(bytes("not json")));
    }

    @Test
    void xmlTooDeepAndTooManyEntries() {
        String deep = "<a>".repeat(11) + "</a>".repeat(11);
        assertEquals(BodyShapeLimits.Violation.TOO_DEEP, limits.checkXml(bytes(deep)).violation());
        String bundle = "<Bundle xmlns=\"http://hl7.org/fhir\">" + "<entry/>".repeat(4) + "</Bundle>";
        assertEquals(BodyShapeLimits.Violation.TOO_MANY_ENTRIES, limits.checkXml(bytes(bundle)).violation());
        assertNull(limits.checkXml(bytes("<Bundle xmlns=\"http://hl7.org/fhir\"><entry/><entry/></Bundle>")));
    }

    @Test
    void xmlEntityExpansionIsNotPerformed() {
        String billionLaughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>";
        assertNull(limits.checkXml(bytes(billionLaughs))); // refused quietly by the DTD-less reader, no expansion
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyTextThatEscapesAControlCharacterNeedsItsStringsRead() {
        assertTrue(BodyShapeLimits.mayEscapeControlCharacter(bytes("{\"a\":\"x\\u0000\"}")));
        assertTrue(BodyShapeLimits.mayEscapeControlCharacter(bytes("{\"a\":\"\\\\\\b\"}")));
        assertTrue(BodyShapeLimits.mayEscapeControlCharacter("{\"a\":1}".getBytes(StandardCharsets.UTF_16LE)));
        assertFalse(BodyShapeLimits.mayEscapeControlCharacter(bytes("{\"a\":\"\\\\u0000 \\n\\t\\r\\u00e9\\\"\"}")));
        assertFalse(BodyShapeLimits.mayEscapeControlCharacter(bytes("{\"a\":\"\\\\b\"}")));
    }

    @Test
    void treeCheckFindsWhatTheStreamingCheckFinds() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String[] bodies = {
            "{\"resourceType\":\"Bundle\",\"entry\":[{\"a\":1},{\"b\":[1,2,3]},{}]}",
            "{\"family\":\"a\\u0000b\"}", "{\"a\\u0001\":1}", "[\"\\u001f\"]",
            "{\"text\":\"tab\\tLF\\nCR\\r and \\u00e9\"}",
            "[".repeat(11) + "]".repeat(11), "[".repeat(10) + "]".repeat(10),
            "{\"a\":".repeat(10) + "1" + "}".repeat(10), "{\"a\":".repeat(11) + "1" + "}".repeat(11),
            "{\"entry\":[{},{},{},{}]}", "{\"entry\":[{\"resource\":{\"entry\":[{},{}]}},{}]}",
            "{\"entry\":[1,\"x\",null]}", "{\"entry\":[1,\"x\",null,true]}", "{\"entry\":{\"entry\":[1,2,3]}}",
            "[[{\"entry\":[1,2]}],{\"entry\":[3,4]}]", "{\"entry\":\"\\u0002\"}", "\"plain\"", "42",
            "{\"a\":\"\\b\"}", "{\"a\":\"\\f\"}", "{\"a\":\"\\u001F\"}", "{\"a\":\"\\u0009 and \\u0020\"}",
            "{\"a\":\"\\\\u0000 is text\"}", "{\"a\":\"\\\\\\u0000\"}", "{\"a\":\"\\\\b\\\\f\"}"};
        for (String body : bodies) {
            BodyShapeLimits.Finding streamed = limits.checkJson(bytes(body));
            BodyShapeLimits.Finding tree = limits.checkTree(json.readTree(body), bytes(body));
            assertEquals(streamed == null ? null : streamed.violation(), tree == null ? null : tree.violation(), body);
        }
    }
}
