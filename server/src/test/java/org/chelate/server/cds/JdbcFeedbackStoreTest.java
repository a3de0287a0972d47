package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.FeedbackEntry;
import org.chelate.plugin.cdshooks.IssuedCard;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.chelate.server.testing.Backend;
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
        Instant t = Instant.parse("2026-11-25T12:00:00Z");
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
        try (Database db = Database.open(backend.freshConfig(dir).database())) {
            JdbcFeedbackStore store = new JdbcFeedbackStore(db.dataSource(), clock,
                    new IssuedCardRetention(Duration.ofDays(2), 5));
            for (int i = 0; i < 12; i++) {
                clock.set(t0.plusSeconds(i));
                store.cardsIssued(List.of(new IssuedCard("c-" + i, "chelate-patient-view", "upper-limit", "warning",
                        clock.instant())));
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
            assertEquals(1, rows(db), "issuing prunes the cards past the age");
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
