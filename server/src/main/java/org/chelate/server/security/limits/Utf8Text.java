package org.chelate.server.security.limits;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;

/**
 * Checks that text a client sends is Unicode text: well-formed UTF-8 bytes (which excludes encoded surrogates and
 * overlong forms) and, once decoded, no surrogate without its pair. A servlet container decodes bad bytes to U+FFFD
 * silently, and Java strings hold lone surrogates that no UTF-8 output can carry: both must be refused at the door.
 */
public final class Utf8Text {

    private Utf8Text() {
    }

    /** The offset of the first byte that is not part of well-formed UTF-8, or -1 when all of it is. */
    public static int firstMalformedByte(byte[] bytes) {
        if (isAscii(bytes)) {
            return -1;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        try {
            decoder.decode(input);
            return -1;
        } catch (MalformedInputException e) {
            return input.position();
        } catch (CharacterCodingException e) {
            return input.position();
        }
    }

    /** Whether {@code text} holds a high surrogate not followed by a low one, or a low one not preceded by a high. */
    public static boolean hasUnpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * What is wrong with a raw (still %-encoded) query string: a {@code %} not followed by two hex digits, or escapes
     * that decode to bytes which are not UTF-8; null when it is fine.
     */
    public static String queryProblem(String rawQuery) {
        if (rawQuery == null || rawQuery.indexOf('%') < 0) {
            return null;
        }
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(rawQuery.length());
        for (int i = 0; i < rawQuery.length(); i++) {
            char c = rawQuery.charAt(i);
            if (c != '%') {
                decoded.write(c < 0x80 ? c : '?');
                continue;
            }
            int high = i + 1 < rawQuery.length() ? Character.digit(rawQuery.charAt(i + 1), 16) : -1;
            int low = i + 2 < rawQuery.length() ? Character.digit(rawQuery.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0) {
                return "the query string has a '%' not followed by two hex digits (at character " + i + ")";
            }
            decoded.write(high * 16 + low);
            i += 2;
        }
        if (firstMalformedByte(decoded.toByteArray()) >= 0) {
            return "the query string's %-escapes are not UTF-8 (a lone surrogate or malformed bytes)";
        }
        return null;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
