package org.chelate.server.security.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.chelate.server.testing.MutableClock;

class ReplayGuardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void sameIdFromSameIssuerIsAReplayUntilItExpires() {
        ReplayGuard guard = new ReplayGuard(10, clock);
        Instant until = clock.instant().plusSeconds(300);
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss-a", "jti-1", until));
        assertEquals(ReplayGuard.Outcome.REPLAY, guard.firstUse("iss-a", "jti-1", until));
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss-b", "jti-1", until));
        clock.advance(Duration.ofSeconds(301));
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss-a", "jti-1", clock.instant().plusSeconds(300)));
    }

    @Test
    void fullCacheRefusesNewIdsInsteadOfForgettingLiveOnes() {
        ReplayGuard guard = new ReplayGuard(2, clock);
        Instant until = clock.instant().plusSeconds(300);
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss", "a", until));
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss", "b", until));
        assertEquals(ReplayGuard.Outcome.FULL, guard.firstUse("iss", "c", until));
        assertEquals(ReplayGuard.Outcome.REPLAY, guard.firstUse("iss", "a", until));
        clock.advance(Duration.ofSeconds(301));
        assertEquals(ReplayGuard.Outcome.FIRST_USE, guard.firstUse("iss", "c", clock.instant().plusSeconds(300)));
        assertEquals(1, guard.size());
    }
}
