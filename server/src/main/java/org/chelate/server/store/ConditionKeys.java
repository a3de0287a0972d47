package org.chelate.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The fixed-length key of a write condition's lock row: SHA-256 of its text, hex. */
final class ConditionKeys {

    private ConditionKeys() {
    }

    static String hash(String condition) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(condition.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
