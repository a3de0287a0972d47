package org.chelate.server.security.limits;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.regex.Pattern;
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

    /**
     * What a scan found: the first refused value or null, and whether some string holds the text of a number outside
     * the bounds (HAPI reads such a string into a decimal element, so the parsed resource must be checked).
     */
    public record Scan(Finding finding, boolean numberOutOfBoundsInString) {
    }

    public enum Kind { NUMBER_OUT_OF_BOUNDS, UNPAIRED_SURROGATE }

    private static final int MAX_ECHOED_CHARACTERS = 40;
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private static final JsonFactory JSON = JsonFactory.builder()
            // the scan must see a long number's text to refuse it; it never converts one
            .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
            .build();

    private JsonValueScan() {
    }

    /** Scans a JSON body in UTF-8 (or UTF-16/32, which the parser detects). */
    public static Scan scan(byte[] body) {
        try {
            return scan(JSON.createParser(body));
        } catch (IOException malformed) {
            return new Scan(null, false);
        }
    }

    /** Scans a JSON body already decoded (from the charset its request named). */
    public static Scan scan(String body) {
        try {
            return scan(JSON.createParser(body));
        } catch (IOException malformed) {
            return new Scan(null, false);
        }
    }

    private static Scan scan(JsonParser created) {
        try (JsonParser parser = created) {
            Path path = new Path();
            boolean numberInString = false;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> path.enter(token == JsonToken.START_ARRAY);
                    case END_OBJECT, END_ARRAY -> path.leave();
                    case FIELD_NAME -> {
                        path.name(parser.currentName());
                        if (Utf8Text.hasUnpairedSurrogate(parser.currentName())) {
                            return new Scan(new Finding(Kind.UNPAIRED_SURROGATE, path.toString(), ""), numberInString);
                        }
                    }
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                        String text = parser.getText();
                        if (!DecimalBounds.storable(text)) {
                            return new Scan(new Finding(Kind.NUMBER_OUT_OF_BOUNDS, path.toString(), echo(text)),
                                    numberInString);
                        }
                        path.next();
                    }
                    case VALUE_STRING -> {
                        String text = parser.getText();
                        if (path.atRoot("resourceType")) {
                            path.rootType(text);
                        }
                        if (Utf8Text.hasUnpairedSurrogate(text)) {
                            return new Scan(new Finding(Kind.UNPAIRED_SURROGATE, path.toString(), ""), numberInString);
                        }
                        numberInString |= isNumberOutOfBounds(text);
                        path.next();
                    }
                    default -> path.next();
                }
            }
            return new Scan(null, numberInString);
        } catch (IOException malformed) {
            return new Scan(null, false);
        }
    }

    /** Whether a string holds the text of a number outside the bounds (most strings fail on their first character). */
    private static boolean isNumberOutOfBounds(String text) {
        if (text.isEmpty() || (text.charAt(0) != '-' && !Character.isDigit(text.charAt(0)))) {
            return false;
        }
        return NUMBER.matcher(text).matches() && !DecimalBounds.storable(text);
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
