package org.chelate.server.security.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Limits on the shape of a request body that its byte size does not catch: nesting depth (deeply nested JSON or XML
 * exhausts parsers' stacks), the number of Bundle entries (each one is a unit of work in a transaction), and control
 * characters in JSON strings (FHIR strings allow none but tab, CR and LF; PostgreSQL cannot store a NUL, so without
 * this a write would fail in the store on one backend and pass on the other; XML 1.0 forbids them itself). Streams the
 * body once without building it; malformed bodies are left for the real parser to report.
 *
 * @param maxDepth         deepest nesting of objects/arrays (JSON) or elements (XML)
 * @param maxBundleEntries most elements, summed over the document, of arrays named {@code entry} (JSON) or of
 *                         {@code entry} elements directly inside a {@code Bundle} (XML)
 */
public record BodyShapeLimits(int maxDepth, int maxBundleEntries) {

    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_BUNDLE_ENTRIES = 1_000;

    public enum Violation { TOO_DEEP, TOO_MANY_ENTRIES, CONTROL_CHARACTER }

    /** What was wrong with a body, in words a client can act on. */
    public record Finding(Violation violation, String message) {
    }

    public static BodyShapeLimits defaults() {
        return new BodyShapeLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_BUNDLE_ENTRIES);
    }

    private static final JsonFactory JSON = JsonFactory.builder()
            // let our own, lower limit speak first; Jackson's stays as a backstop
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build())
            .build();

    /** The first limit a JSON body breaks, or null when it keeps within them (or is not JSON at all). */
    public Finding checkJson(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            int depth = 0;
            int entries = 0;
            Deque<Boolean> entryArrays = new ArrayDeque<>();
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
                        && hasControlCharacter(parser.getText())) {
                    return controlCharacter();
                }
                switch (token) {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        if (!entryArrays.isEmpty() && entryArrays.peek()) {
                            entries++;
                            if (entries > maxBundleEntries) {
                                return tooManyEntries();
                            }
                        }
                        depth++;
                        if (depth > maxDepth) {
                            return new Finding(Violation.TOO_DEEP, "body nests deeper than " + maxDepth + " levels");
                        }
                        entryArrays.push(token == JsonToken.START_ARRAY && "entry".equals(field));
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        depth--;
                        entryArrays.pop();
                    }
                    default -> {
                        if (!entryArrays.isEmpty() && entryArrays.peek()) {
                            entries++; // a scalar inside an entry array still counts
                            if (entries > maxBundleEntries) {
                                return tooManyEntries();
                            }
                        }
                    }
                }
            }
            return null;
        } catch (JsonProcessingException malformed) {
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The same limits on a JSON body already read into a tree (so that it is not read twice): a limit the tree breaks,
     * or null. When a body breaks several limits, the one reported may differ from {@link #checkJson}'s.
     *
     * @param body the UTF-8 text the tree was read from: a string can hold a control character only where the text
     *             escapes one (an escaped b or f, or a u-escape of U+0000 to U+001F; JSON allows no raw ones),
     *             so strings are read only when it has such an escape
     */
    public Finding checkTree(JsonNode root, byte[] body) {
        return walk(root, 1, mayEscapeControlCharacter(body), new int[1]);
    }

    /** Recursion is bounded: a node deeper than {@code maxDepth} ends the walk. */
    private Finding walk(JsonNode node, int depth, boolean readStrings, int[] entries) {
        if (node.isTextual()) {
            return readStrings && hasControlCharacter(node.textValue()) ? controlCharacter() : null;
        }
        if (!node.isContainerNode()) {
            return null;
        }
        if (depth > maxDepth) {
            return new Finding(Violation.TOO_DEEP, "body nests deeper than " + maxDepth + " levels");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (readStrings && hasControlCharacter(field.getKey())) {
                    return controlCharacter();
                }
                JsonNode value = field.getValue();
                if (value.isArray() && "entry".equals(field.getKey())) {
                    entries[0] += value.size();
                    if (entries[0] > maxBundleEntries) {
                        return tooManyEntries();
                    }
                }
                Finding finding = walk(value, depth + 1, readStrings, entries);
                if (finding != null) {
                    return finding;
                }
            }
        } else {
            for (JsonNode child : node) {
                Finding finding = walk(child, depth + 1, readStrings, entries);
                if (finding != null) {
                    return finding;
                }
            }
        }
        return null;
    }

    /** Whether UTF-8 JSON text may escape a control character; true for anything holding a NUL byte (not UTF-8). */
    static boolean mayEscapeControlCharacter(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            byte b = body[i];
            if (b == 0) {
                return true;
            }
            if (b != '\\' || i + 1 >= body.length) {
                continue;
            }
            byte next = body[i + 1];
            if (next == 'b' || next == 'f') {
                return true;
            }
            if (next == 'u' && i + 4 < body.length && body[i + 2] == '0' && body[i + 3] == '0'
                    && (body[i + 4] == '0' || body[i + 4] == '1')) {
                return true;
            }
            i++; // the escaped character, so that an escaped backslash does not start another escape
        }
        return false;
    }

    /** The first limit an XML body breaks, or null. DTDs and external entities are never processed. */
    public Finding checkXml(byte[] body) {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD);
        XMLStreamReader reader = null;
        try {
            reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
            int depth = 0;
            int entries = 0;
            Deque<String> path = new ArrayDeque<>();
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamReader.START_ELEMENT) {
                    String name = reader.getLocalName();
                    if ("entry".equals(name) && "Bundle".equals(path.peek()) && ++entries > maxBundleEntries) {
                        return tooManyEntries();
                    }
                    path.push(name);
                    if (++depth > maxDepth) {
                        return new Finding(Violation.TOO_DEEP, "body nests deeper than " + maxDepth + " levels");
                    }
                } else if (event == XMLStreamReader.END_ELEMENT) {
                    depth--;
                    path.pop();
                }
            }
            return null;
        } catch (XMLStreamException | RuntimeException malformed) {
            return null;
        } finally {
            if (reader != null) {
                try {
                    reader.close();
                } catch (XMLStreamException ignored) {
                    // nothing left to release
                }
            }
        }
    }

    /** A character below U+0020 other than tab, LF and CR. */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return true;
            }
        }
        return false;
    }

    private static Finding controlCharacter() {
        return new Finding(Violation.CONTROL_CHARACTER, "a JSON string holds a control character "
                + "(only tab, CR and LF are allowed in FHIR strings)");
    }

    private Finding tooManyEntries() {
        return new Finding(Violation.TOO_MANY_ENTRIES, "Bundle has more than " + maxBundleEntries + " entries");
    }

    private static void trySet(XMLInputFactory factory, String property) {
        try {
            factory.setProperty(property, "");
        } catch (IllegalArgumentException unsupported) {
            // not every StAX implementation knows it; DTD support is off anyway
        }
    }
}
