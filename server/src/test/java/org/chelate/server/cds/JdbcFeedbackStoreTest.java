package org.chelate.server.cds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.FeedbackEntry;
import org.chelate.plugin.cdshooks.IssuedCard;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
