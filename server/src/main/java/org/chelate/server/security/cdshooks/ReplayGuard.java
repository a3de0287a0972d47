package org.chelate.server.security.cdshooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers each token id until its token expires, so a captured JWT cannot be sent twice. Bounded: when the cache is
 * full of unexpired ids it refuses new ones (fails closed) rather than forgetting ids that could then be replayed.
 * Once {@linkplain #shareThrough shared} (the server does so with its database), the ids are recorded there instead,
 * so that every instance on the same database refuses a token used on another; when that record cannot be reached,
 * tokens are refused ({@link Outcome#FULL}: retry shortly).
 */
public final class ReplayGuard {

    public enum Outcome { FIRST_USE, REPLAY, FULL }

    private static final Logger LOG = LoggerFactory.getLogger(ReplayGuard.class);

    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Instant> seenUntil = new ConcurrentHashMap<>();
    private volatile SharedTokenIds shared;

    public ReplayGuard(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** From now on, records the ids in {@code sharedIds} (seen by every instance) instead of this JVM's memory. */
    public void shareThrough(SharedTokenIds sharedIds) {
        this.shared = sharedIds;
    }

    /** Records {@code jti} of {@code issuer} as used until {@code forgetAfter}; says whether it was already used. */
    public Outcome firstUse(String issuer, String jti, Instant forgetAfter) {
        String key = issuer + '\u0000' + jti;
        SharedTokenIds sharedIds = shared;
        if (sharedIds != null) {
            return firstSharedUse(sharedIds, key, forgetAfter);
        }
        if (seenUntil.size() >= maxEntries) {
            purgeExpired();
        }
        Instant now = clock.instant();
        Instant previous = seenUntil.get(key);
        if (previous != null && previous.isAfter(now)) {
            return Outcome.REPLAY;
        }
        if (seenUntil.size() >= maxEntries) {
            return Outcome.FULL;
        }
        Instant raced = seenUntil.putIfAbsent(key, forgetAfter);
        if (raced != null) {
            if (raced.isAfter(now)) {
                return Outcome.REPLAY;
            }
            return seenUntil.replace(key, raced, forgetAfter) ? Outcome.FIRST_USE : Outcome.REPLAY;
        }
        return Outcome.FIRST_USE;
    }

    private Outcome firstSharedUse(SharedTokenIds sharedIds, String key, Instant forgetAfter) {
        try {
            return sharedIds.recordFirstUse(sha256Hex(key), clock.instant(), forgetAfter) ? Outcome.FIRST_USE
                    : Outcome.REPLAY;
        } catch (IllegalStateException e) {
            LOG.warn("CDS token refused: {}", e.getMessage());
            return Outcome.FULL;
        }
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public int size() {
        return seenUntil.size();
    }

    private synchronized void purgeExpired() {
        Instant now = clock.instant();
        seenUntil.values().removeIf(until -> !until.isAfter(now));
    }
}
