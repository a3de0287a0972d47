package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.FeedbackEntry;
import org.chelate.plugin.cdshooks.IssuedCard;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.chelate.server.testing.Backend;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.chelate.server.testing.MutableClock;

/** The JDBC feedback store on a real H2 file, schema from the Flyway migrations. */
class JdbcFeedbackStoreTest {

    @TempDir
    Path dir;

    @Test
    void feedbackIsCountedPerCardTypeAndOutcomeAndSurvivesReopening() {
        Instant t = Instant.now().minusSeconds(60); // within the default 7-day retention of the system clock
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), Clock.systemUTC());
            store.cardsIssued(List.of(new IssuedCard("u-1", "chelate-patient-view", "upper-limit", "warning", t),
                    new IssuedCard("u-2", "chelate-patient-view", "interaction-timing", "warning", t)));
            assertEquals("upper-limit", store.issued("u-1").orElseThrow().cardType());
            assertTrue(store.issued("nope").isEmpty());
            store.feedback(List.of(
                    new FeedbackEntry("chelate-patient-view", "u-1", "overridden",
                            "http://chelate.org/fhir/CodeSystem/chelate-cds-override-reason", "clinically-appropriate",
                            "monitored", List.of(), t),
                    new FeedbackEntry("chelate-patient-view", "u-1", "accepted", null, null, null, List.of("s-1"), t),
                    new FeedbackEntry("chelate-patient-view", "u-2", "accepted", null, null, null, List.of(), t),
                    new FeedbackEntry("chelate-patient-view", "u-9", "accepted", null, null, null, List.of(), t)));
        }
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            List<FeedbackCount> counts = new JdbcFeedbackStore(db.dataSource(), Clock.systemUTC()).counts();
            assertEquals(List.of(
                    new FeedbackCount("interaction-timing", "accepted", 1),
                    new FeedbackCount("unknown", "accepted", 1),
                    new FeedbackCount("upper-limit", "accepted", 1),
                    new FeedbackCount("upper-limit", "overridden", 1)), counts);
        }
    }

    /** The pruning SQL on both stores (PostgreSQL when CHELATE_TEST_PG_URL is set, as in CI). */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void issuedCardsAreBoundedByCountAndAge(Backend backend) {
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        MutableClock clock = new MutableClock(t0);
        ManualExecutor background = new ManualExecutor();
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), clock,
                    new IssuedCardRetention(Duration.ofDays(2), 5), background);
            for (int i = 0; i < 12; i++) {
                clock.set(t0.plusSeconds(i));
                store.cardsIssued(List.of(new IssuedCard("c-" + i, "chelate-patient-view", "upper-limit", "warning",
                        clock.instant())));
                background.runAll();
            }
            assertEquals(5, rows(db), "the count bound keeps the newest five");
            assertTrue(store.issued("c-6").isEmpty(), "the oldest are forgotten");
            assertEquals("upper-limit", store.issued("c-11").orElseThrow().cardType());

            clock.set(t0.plus(Duration.ofDays(2)).plusSeconds(9));
            assertTrue(store.issued("c-8").isEmpty(), "past the age, a card is forgotten even before pruning");
            assertTrue(store.issued("c-9").isPresent());
            assertEquals(2, store.prune(), "c-7 and c-8 are past the age");
            assertEquals(3, rows(db));
            clock.set(t0.plus(Duration.ofDays(3)));
            store.cardsIssued(List.of(new IssuedCard("late", "chelate-patient-view", "serum-zinc", "info", clock.instant())));
            background.runAll();
            assertEquals(1, rows(db), "issuing prunes the cards past the age");
        }
    }

    /** The cards of one response share their issue time; the count bound is still exact, the newest kept. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theCountBoundIsExactWhenCardsShareTheirIssueTime(Backend backend) {
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), new MutableClock(t0),
                    new IssuedCardRetention(Duration.ofDays(2), 3), Runnable::run);
            store.cardsIssued(List.of(card("a-1", t0), card("a-2", t0), card("a-3", t0), card("a-4", t0),
                    card("a-5", t0)));
            assertEquals(3, rows(db), "one response of five cards: three are remembered");
            store.cardsIssued(List.of(card("b-1", t0.plusMillis(1)), card("b-2", t0.plusMillis(1))));
            assertEquals(3, rows(db));
            assertTrue(store.issued("b-1").isPresent() && store.issued("b-2").isPresent(), "the newest stay");
        }
    }

    @Test
    void theRequestThreadOnlySignalsAPruneThatTheBackgroundRunsOnce() throws Exception {
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        MutableClock clock = new MutableClock(t0);
        ManualExecutor background = new ManualExecutor();
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), clock,
                    new IssuedCardRetention(Duration.ofDays(2), 3), background);
            for (int i = 0; i < 7; i++) {
                clock.set(t0.plusSeconds(i));
                store.cardsIssued(List.of(new IssuedCard("c-" + i, "chelate-patient-view", "upper-limit", "warning",
                        clock.instant())));
            }
            assertEquals(7, rows(db), "issuing deletes nothing itself");
            assertEquals(1, background.pending(), "seven due signals, one prune waiting (it will see all seven cards)");
            CompletableFuture<Integer> prune = store.lastPrune();
            assertFalse(prune.isDone());

            background.runAll();
            assertEquals(4, prune.get());
            assertEquals(3, rows(db));
            assertTrue(store.issued("c-3").isEmpty());
            assertTrue(store.issued("c-4").isPresent());

            store.cardsIssued(List.of(new IssuedCard("c-7", "chelate-patient-view", "upper-limit", "warning",
                    clock.instant())));
            assertEquals(1, background.pending(), "a prune is requested again once the last one has started");
            store.close();
            store.cardsIssued(List.of(new IssuedCard("c-8", "chelate-patient-view", "upper-limit", "warning",
                    clock.instant())));
            assertEquals(1, background.pending(), "a closed store requests no more prunes");
        }
    }

    @Test
    void theStoresOwnPruneThreadPrunesUntilClosed() throws Exception {
        Instant t0 = Instant.parse("2026-11-25T12:00:00Z");
        MutableClock clock = new MutableClock(t0);
        try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), clock,
                    new IssuedCardRetention(Duration.ofDays(2), 2));
            store.cardsIssued(List.of(card("a", t0), card("b", t0.plusMillis(1)), card("c", t0.plusMillis(2))));
            assertEquals(1, store.lastPrune().get(30, TimeUnit.SECONDS), "a hang guard, not a speed check");
            assertEquals(2, rows(db));
            CompletableFuture<Integer> last = store.lastPrune();
            store.close();
            store.cardsIssued(List.of(card("d", t0.plusMillis(3))));
            assertSame(last, store.lastPrune(), "a closed store requests no more prunes");
            assertEquals(3, rows(db));
        }
    }

    /** One row per card and outcome on both stores: a repeat, in the same request or a later one, is not stored. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void repeatedFeedbackIsStoredOncePerCardAndOutcome(Backend backend) {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), Clock.systemUTC());
            store.cardsIssued(List.of(card("u-1", t), new IssuedCard("u-2", "chelate-patient-view", "serum-zinc",
                    "info", t)));
            FeedbackEntry accepted = new FeedbackEntry("chelate-patient-view", "u-1", "accepted", null, null, null,
                    List.of("s-1"), t);
            store.feedback(List.of(accepted, accepted));
            store.feedback(List.of(accepted));
            for (int i = 0; i < 50; i++) {
                store.feedback(List.of(new FeedbackEntry("chelate-patient-view", "u-2", "overridden", null, null,
                        "again " + i, List.of(), t.plusSeconds(i))));
            }
            store.feedback(List.of(new FeedbackEntry("chelate-patient-view", "u-1", "overridden", null, null, null,
                    List.of(), t)));
            assertEquals(List.of(
                    new FeedbackCount("serum-zinc", "overridden", 1),
                    new FeedbackCount("upper-limit", "accepted", 1),
                    new FeedbackCount("upper-limit", "overridden", 1)), store.counts());
            assertEquals("again 0", text(db, "SELECT user_comment FROM cds_feedback WHERE card_uuid = 'u-2'"),
                    "the first report stays");
        }
    }

    /** Clients racing with the same report meet the unique index; every call succeeds and one row is stored. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentRepeatsStoreOneRowAndAllSucceed(Backend backend) throws Exception {
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), Clock.systemUTC());
            store.cardsIssued(List.of(card("u-1", t)));
            FeedbackEntry entry = new FeedbackEntry("chelate-patient-view", "u-1", "accepted", null, null, null,
                    List.of(), t);
            int clients = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        for (int r = 0; r < 20; r++) {
                            store.feedback(List.of(entry));
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> call : calls) {
                    call.get(60, TimeUnit.SECONDS); // rethrows a failed call; the timeout only guards against a hang
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(List.of(new FeedbackCount("upper-limit", "accepted", 1)), store.counts());
        }
    }

    /** Migration V12 keeps the first of each card's and outcome's rows written before it. */
    @ParameterizedTest
    @EnumSource(Backend.class)
    void theMigrationDropsEarlierRepeats(Backend backend) throws Exception {
        DatabaseConfig config = backend.freshConfig(dir).database();
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration/common").target("11").load().migrate();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
                Statement st = c.createStatement()) {
            for (String row : new String[] {"'u-1', 'upper-limit', 'accepted', 'first'",
                    "'u-1', 'upper-limit', 'accepted', 'repeat'", "'u-1', 'upper-limit', 'accepted', 'repeat'",
                    "'u-1', 'upper-limit', 'overridden', 'other outcome'", "'u-2', 'serum-zinc', 'accepted', 'x'"}) {
                st.executeUpdate("INSERT INTO cds_feedback (service_id, card_uuid, card_type, outcome, user_comment, "
                        + "outcome_ms, received_ms) VALUES ('chelate-patient-view', " + row + ", 1, 1)");
            }
        }
        try (Database db = Database.open(config)) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), Clock.systemUTC());
            assertEquals(List.of(
                    new FeedbackCount("serum-zinc", "accepted", 1),
                    new FeedbackCount("upper-limit", "accepted", 1),
                    new FeedbackCount("upper-limit", "overridden", 1)), store.counts());
            assertEquals("first", text(db,
                    "SELECT user_comment FROM cds_feedback WHERE card_uuid = 'u-1' AND outcome = 'accepted'"));
        }
    }

    private static IssuedCard card(String uuid, Instant at) {
        return new IssuedCard(uuid, "chelate-patient-view", "upper-limit", "warning", at);
    }

    private static String text(Database db, String sql) {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            String value = rs.getString(1);
            assertFalse(rs.next(), "one row: " + sql);
            return value;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the store's background work when the test says so. */
    private static final class ManualExecutor implements Executor {
        private final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public synchronized void execute(Runnable task) {
            tasks.add(task);
        }

        synchronized int pending() {
            return tasks.size();
        }

        void runAll() {
            Runnable task;
            while ((task = poll()) != null) {
                task.run();
            }
        }

        private synchronized Runnable poll() {
            return tasks.poll();
        }
    }

    private static long rows(Database db) {
        try (var c = db.dataSource().getConnection(); var st = c.createStatement();
                var rs = st.executeQuery("SELECT COUNT(*) FROM cds_card_issued")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
