package org.chelate.server.security.cdshooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.chelate.server.store.Database;
import org.chelate.server.testing.Backend;
import org.chelate.server.testing.MutableClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CDS token ids in the database (migration V14), as two server instances on one database see them. */
class JdbcTokenIdsTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

    @ParameterizedTest
    @EnumSource(Backend.class)
    void aTokenIdUsedThroughOneInstanceIsAReplayThroughAnotherUntilItExpires(Backend backend) {
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            ReplayGuard first = sharedGuard(db.dataSource());
            ReplayGuard second = sharedGuard(db.dataSource());
            Instant until = clock.instant().plusSeconds(360);
            assertEquals(ReplayGuard.Outcome.FIRST_USE, first.firstUse("https://ehr.example", "jti-1", until));
            assertEquals(ReplayGuard.Outcome.REPLAY, second.firstUse("https://ehr.example", "jti-1", until));
            assertEquals(ReplayGuard.Outcome.REPLAY, first.firstUse("https://ehr.example", "jti-1", until));
            assertEquals(ReplayGuard.Outcome.FIRST_USE, second.firstUse("https://other.example", "jti-1", until));
            assertEquals(0, first.size(), "nothing kept in this JVM's memory");

            clock.advance(Duration.ofSeconds(361));
            Instant later = clock.instant().plusSeconds(360);
            assertEquals(ReplayGuard.Outcome.FIRST_USE, second.firstUse("https://ehr.example", "jti-1", later));
            assertEquals(ReplayGuard.Outcome.REPLAY, first.firstUse("https://ehr.example", "jti-1", later));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void ofManyInstancesSendingTheSameTokenAtOnceExactlyOneIsAccepted(Backend backend) throws Exception {
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            int racers = 8;
            List<ReplayGuard> instances = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                instances.add(sharedGuard(db.dataSource()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                for (int round = 0; round < 20; round++) {
                    String jti = "race-" + round;
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<ReplayGuard.Outcome>> outcomes = new ArrayList<>();
                    for (ReplayGuard instance : instances) {
                        outcomes.add(pool.submit(() -> {
                            start.await();
                            return instance.firstUse("iss", jti, clock.instant().plusSeconds(300));
                        }));
                    }
                    start.countDown();
                    int accepted = 0;
                    for (Future<ReplayGuard.Outcome> outcome : outcomes) {
                        ReplayGuard.Outcome o = outcome.get(30, TimeUnit.SECONDS);
                        assertTrue(o != ReplayGuard.Outcome.FULL, "refused as unavailable in round " + round);
                        accepted += o == ReplayGuard.Outcome.FIRST_USE ? 1 : 0;
                    }
                    assertEquals(1, accepted, "accepted in round " + round);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void expiredIdsAreDeletedOncePerPurgeInterval(Backend backend) throws SQLException {
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcTokenIds ids = new JdbcTokenIds(db.dataSource(), clock);
            for (int i = 0; i < 5; i++) {
                assertTrue(ids.recordFirstUse("k" + i, clock.instant(), clock.instant().plusSeconds(30)));
            }
            assertTrue(ids.recordFirstUse("long", clock.instant(), clock.instant().plus(Duration.ofHours(1))));
            assertEquals(6, rows(db.dataSource()));
            clock.advance(JdbcTokenIds.PURGE_EVERY.plusSeconds(1));
            assertTrue(ids.recordFirstUse("new", clock.instant(), clock.instant().plusSeconds(30)));
            assertEquals(2, rows(db.dataSource()), "the expired five are gone, the live two stay");
            assertFalse(ids.recordFirstUse("long", clock.instant(), clock.instant().plusSeconds(30)));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void anUnreachableDatabaseRefusesTheTokenInsteadOfLettingItThrough(Backend backend) {
        Database db = Database.open(backend.freshConfig(dir).database());
        ReplayGuard guard = sharedGuard(db.dataSource());
        db.close();
        assertEquals(ReplayGuard.Outcome.FULL, guard.firstUse("iss", "jti", clock.instant().plusSeconds(300)));
    }

    private ReplayGuard sharedGuard(DataSource dataSource) {
        ReplayGuard guard = new ReplayGuard(10, clock);
        guard.shareThrough(new JdbcTokenIds(dataSource, clock));
        return guard;
    }

    private static int rows(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM cds_token_id")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
