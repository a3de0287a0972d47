package org.chelate.server.security.cdshooks;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers each token id until its token expires, so a captured JWT cannot be sent twice. Bounded: when the cache is
 * full of unexpired ids it refuses new ones (fails closed) rather than forgetting ids that could then be replayed.
 */
public final class ReplayGuard {

    public enum Outcome { FIRST_USE, REPLAY, FULL }

    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Instant> seenUntil = new ConcurrentHashMap<>();

    public ReplayGuard(int maxEntries, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** Records {@code jti} of {@code issuer} as used until {@code forgetAfter}; says whether it was already used. */
    public Outcome firstUse(String issuer, String jti, Instant forgetAfter) {
        String key = issuer + '\u0000' + jti;
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

    public int size() {
        return seenUntil.size();
    }

    private synchronized void purgeExpired() {
        Instant now = clock.instant();
        seenUntil.values().removeIf(until -> !until.isAfter(now));
    }
}
