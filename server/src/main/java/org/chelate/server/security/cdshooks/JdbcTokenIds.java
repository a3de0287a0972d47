package org.chelate.server.security.cdshooks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * {@link SharedTokenIds} in the server's database (table {@code cds_token_id}, migration V14). The primary key makes
 * the first use atomic across instances: of two instances inserting the same id at once, PostgreSQL (and H2) lets one
 * commit and fails the other with a unique violation. Expired rows are deleted by the first call after each
 * {@link #PURGE_EVERY} (any instance; concurrent deletes of the same rows are harmless).
 */
public final class JdbcTokenIds implements SharedTokenIds {

    static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;
    private final AtomicLong nextPurgeMs;

    public JdbcTokenIds(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.nextPurgeMs = new AtomicLong(clock.millis() + PURGE_EVERY.toMillis());
    }

    @Override
    public boolean recordFirstUse(String key, Instant now, Instant forgetAfter) {
        try (Connection connection = dataSource.getConnection()) {
            purgeWhenDue(connection);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO cds_token_id (token_key, forget_after_ms) VALUES (?, ?)")) {
                insert.setString(1, key);
                insert.setLong(2, forgetAfter.toEpochMilli());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            // recorded before: a first use again only if that record has expired (and no one else renewed it)
            try (PreparedStatement renew = connection.prepareStatement(
                    "UPDATE cds_token_id SET forget_after_ms = ? WHERE token_key = ? AND forget_after_ms <= ?")) {
                renew.setLong(1, forgetAfter.toEpochMilli());
                renew.setString(2, key);
                renew.setLong(3, now.toEpochMilli());
                return renew.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the token id: " + e.getMessage(), e);
        }
    }

    /** Deletes the expired ids, at most once per {@link #PURGE_EVERY} per instance. */
    private void purgeWhenDue(Connection connection) throws SQLException {
        long now = clock.millis();
        long due = nextPurgeMs.get();
        if (now < due || !nextPurgeMs.compareAndSet(due, now + PURGE_EVERY.toMillis())) {
            return;
        }
        try (PreparedStatement purge = connection.prepareStatement(
                "DELETE FROM cds_token_id WHERE forget_after_ms < ?")) {
            purge.setLong(1, now);
            purge.executeUpdate();
        }
    }
}
