package org.chelate.server.security.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import org.chelate.plugin.numbers.DecimalBounds;

/**
 * Streams a JSON request body once, without building numbers, and reports the first value no stored resource may
 * hold: a number outside {@link DecimalBounds} (HAPI would otherwise expand {@code 1e999999} into a million-digit
 * integer while parsing) or a string with an unpaired surrogate (from a {@code \ud800} escape; no UTF-8 output can
 * carry it). The finding names the element as a FHIRPath-like path ({@code Observation.valueQuantity.value}). Bodies
 * that are not JSON are left for the real parser to report.
 */
public final class JsonValueScan {

    /** A value refused, at {@code path}. */
    public record Finding(Kind kind, String path, String value) {
    }

    public enum Kind { NUMBER_OUT_OF_BOUNDS, UNPAIRED_SURROGATE }

    private static final int MAX_ECHOED_CHARACTERS = 40;

    private static final JsonFactory JSON = JsonFactory.builder()
            // the scan must see a long number's text to refuse it; it never converts one
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private JsonValueScan() {
    }

    /** The first refused value of a UTF-8 JSON body, or null. */
    public static Finding firstFinding(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            Path path = new Path();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> path.enter(token == JsonToken.START_ARRAY);
                    case END_OBJECT, END_ARRAY -> path.leave();
                    case FIELD_NAME -> {
                        path.name(parser.currentName());
                        if (Utf8Text.hasUnpairedSurrogate(parser.currentName())) {
                            return new Finding(Kind.UNPAIRED_SURROGATE, path.toString(), "");
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String text = parser.getText();
                        if (!DecimalBounds.withinBounds(text)) {
                            return new Finding(Kind.NUMBER_OUT_OF_BOUNDS, path.toString(), echo(text));
                        }
                        path.next();
                    }
                    case VALUE_STRING -> {
                        if (path.atRoot("resourceType")) {
                            path.rootType(parser.getText());
                        }
                        if (Utf8Text.hasUnpairedSurrogate(parser.getText())) {
                            return new Finding(Kind.UNPAIRED_SURROGATE, path.toString(), "");
                        }
                        path.next();
                    }
                    default -> path.next();
                }
            }
            return null;
        } catch (IOException malformed) {
            return null;
        }
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHOED_CHARACTERS ? text
                : text.substring(0, MAX_ECHOED_CHARACTERS) + "... (" + text.length() + " characters)";
    }

    /** Where the parser is: one frame per open object (its current field name) or array (its current index). */
    private static final class Path {
        private static final class Frame {
            final boolean array;
            String name;
            int index;

            Frame(boolean array) {
                this.array = array;
            }
        }

        private final Deque<Frame> frames = new ArrayDeque<>();
        private String rootType = "";

        void enter(boolean array) {
            frames.push(new Frame(array));
        }

        void leave() {
            frames.pop();
            next();
        }

        void name(String name) {
            frames.peek().name = name;
        }

        /** Moves to the next element when inside an array. */
        void next() {
            Frame top = frames.peek();
            if (top != null && top.array) {
                top.index++;
            }
        }

        boolean atRoot(String field) {
            return frames.size() == 1 && field.equals(frames.peek().name);
        }

        void rootType(String type) {
            rootType = type;
        }

        @Override
        public String toString() {
            StringBuilder path = new StringBuilder(rootType);
            for (Iterator<Frame> it = frames.descendingIterator(); it.hasNext(); ) {
                Frame frame = it.next();
                if (frame.array) {
                    path.append('[').append(frame.index).append(']');
                } else if (frame.name != null) {
                    path.append(path.length() > 0 ? "." : "").append(frame.name);
                }
            }
            return path.toString();
        }
    }
}
