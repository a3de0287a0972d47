package org.chelate.server.cds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.chelate.plugin.cdshooks.CdsHooksException;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.FeedbackEntry;
import org.chelate.plugin.cdshooks.FeedbackStore;
import org.chelate.plugin.cdshooks.IssuedCard;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FeedbackStore} in the server's database (tables of migrations V10 and V12). The table of issued cards is
 * bounded by an {@link IssuedCardRetention}: cards past its age or beyond its count (oldest first) are deleted, checked
 * after every tenth of the count of newly issued cards and at least once a minute of issuing, so the table stays within
 * about 110 % of the count between prunes. The deletes run on one background thread; the request that issues cards
 * only signals that a prune is due. Lookups ignore cards past the age at once. Feedback is kept once per card and
 * outcome (a unique index): a repeat is accepted and not stored again.
 *
 * <p>{@link #close()} stops the background thread (the server does so before it closes the database).
 */
public final class JdbcFeedbackStore implements FeedbackStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFeedbackStore.class);
    private static final long PRUNE_AT_LEAST_EVERY_MS = 60_000;
    private static final long CLOSE_WAIT_SECONDS = 10;
    private static final String UNIQUE_VIOLATION = "23505";

    private final DataSource dataSource;
    private final Clock clock;
    private final IssuedCardRetention retention;
    private final int pruneEveryCards;
    private final AtomicLong issuedSincePrune = new AtomicLong();
    private final AtomicLong lastPruneMs = new AtomicLong();
    /** True from a prune's request until it starts: requests meanwhile join it. */
    private final AtomicBoolean pruneQueued = new AtomicBoolean();
    private final Executor pruneExecutor;
    /** The store's own prune thread, or null when the executor was given. */
    private final ExecutorService ownExecutor;
    private volatile CompletableFuture<Integer> lastPrune = CompletableFuture.completedFuture(0);
    private volatile boolean closed;

    public JdbcFeedbackStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, IssuedCardRetention.DEFAULT);
    }

    /** Prunes on a daemon thread of its own, started when a prune is first due and ended by {@link #close()}. */
    public JdbcFeedbackStore(DataSource dataSource, Clock clock, IssuedCardRetention retention) {
        this(dataSource, clock, retention, null);
    }

    /**
     * Prunes on {@code pruneExecutor}, which must run its tasks one at a time (a test can run them when it chooses);
     * {@link #close()} does not shut it down.
     */
    public JdbcFeedbackStore(DataSource dataSource, Clock clock, IssuedCardRetention retention,
            Executor pruneExecutor) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.retention = retention;
        this.pruneEveryCards = Math.max(1, retention.maxCards() / 10);
        this.lastPruneMs.set(clock.millis());
        this.ownExecutor = pruneExecutor == null ? pruneThread() : null;
        this.pruneExecutor = pruneExecutor == null ? ownExecutor : pruneExecutor;
    }

    /** At most one daemon thread, started on demand and ended after a minute without work: no thread while idle. */
    private static ExecutorService pruneThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                work -> {
                    Thread thread = new Thread(work, "chelate-cds-prune");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Override
    public IssuedCardRetention retention() {
        return retention;
    }

    /**
     * Deletes the issued cards past the retention's age, then all but its count of newest ones (newest by issue time,
     * then by uuid: the cards of one response share their issue time, and the bound stays exact).
     *
     * @return how many were deleted
     */
    public int prune() {
        long cutoff = clock.millis() - retention.maxAge().toMillis();
        try (Connection c = dataSource.getConnection()) {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cds_card_issued WHERE issued_ms < ?")) {
                ps.setLong(1, cutoff);
                deleted = ps.executeUpdate();
            }
            deleted += pruneByCount(c);
            lastPruneMs.set(clock.millis());
            if (deleted > 0) {
                LOG.debug("forgot {} issued CDS card(s) past the retention ({})", deleted, retention.describe());
            }
            return deleted;
        } catch (SQLException e) {
            LOG.warn("could not prune issued CDS cards: {}", e.getMessage());
            return 0;
        }
    }

    /** Deletes the oldest cards beyond the count, finding the last of them along the index (issued_ms, card_uuid). */
    private int pruneByCount(Connection c) throws SQLException {
        long excess;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM cds_card_issued");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            excess = rs.getLong(1) - retention.maxCards();
        }
        if (excess <= 0) {
            return 0;
        }
        long lastMs;
        String lastUuid;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT issued_ms, card_uuid FROM cds_card_issued ORDER BY issued_ms, card_uuid LIMIT 1 OFFSET ?")) {
            ps.setLong(1, excess - 1);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return 0; // pruned meanwhile by another store on the same table
                }
                lastMs = rs.getLong(1);
                lastUuid = rs.getString(2);
            }
        }
        // two range deletes along the index: H2 scans the whole table for the one "a < x OR (a = x AND b <= y)"
        int deleted;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM cds_card_issued WHERE issued_ms < ?")) {
            ps.setLong(1, lastMs);
            deleted = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM cds_card_issued WHERE issued_ms = ? AND card_uuid <= ?")) {
            ps.setLong(1, lastMs);
            ps.setString(2, lastUuid);
            return deleted + ps.executeUpdate();
        }
    }

    private void pruneIfDue(int justIssued) {
        long since = issuedSincePrune.addAndGet(justIssued);
        if (since >= pruneEveryCards || clock.millis() - lastPruneMs.get() >= PRUNE_AT_LEAST_EVERY_MS) {
            requestPrune();
        }
    }

    /**
     * Has {@link #prune()} run on the background thread; a request while one is waiting to start joins that one (it
     * will see every card issued before this call).
     *
     * @return the prune's count of deleted cards (once the store is closed: the last prune's)
     */
    public synchronized CompletableFuture<Integer> requestPrune() {
        if (closed || !pruneQueued.compareAndSet(false, true)) {
            return lastPrune;
        }
        issuedSincePrune.set(0);
        lastPruneMs.set(clock.millis());
        try {
            lastPrune = CompletableFuture.supplyAsync(() -> {
                pruneQueued.set(false);
                return prune();
            }, pruneExecutor);
        } catch (RejectedExecutionException e) {
            pruneQueued.set(false);
            LOG.debug("issued CDS cards not pruned: the store is closing");
        }
        return lastPrune;
    }

    /** The prune requested last (complete with 0 if none was): tests await it instead of sleeping. */
    CompletableFuture<Integer> lastPrune() {
        return lastPrune;
    }

    /** No more prunes; waits for a running one to finish (the database is closed next). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (ownExecutor == null) {
            return;
        }
        ownExecutor.shutdown();
        try {
            if (!ownExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("a prune of issued CDS cards was still running {} s after the stop began", CLOSE_WAIT_SECONDS);
                ownExecutor.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownExecutor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** A failure to remember cards costs only their feedback counts: the cards are still answered, and it is logged. */
    @Override
    public void cardsIssued(List<IssuedCard> cards) {
        String sql = "INSERT INTO cds_card_issued (card_uuid, service_id, card_type, indicator, issued_ms, "
                + "client_iss) VALUES (?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (IssuedCard card : cards) {
                ps.setString(1, card.uuid());
                ps.setString(2, card.serviceId());
                ps.setString(3, card.cardType());
                ps.setString(4, card.indicator());
                ps.setLong(5, card.issuedAt().toEpochMilli());
                ps.setString(6, card.client());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            LOG.warn("could not record {} issued card(s): {}", cards.size(), e.getMessage());
            return;
        }
        pruneIfDue(cards.size());
    }

    @Override
    public Optional<IssuedCard> issued(String cardUuid) {
        String sql = "SELECT service_id, card_type, indicator, issued_ms, client_iss FROM cds_card_issued "
                + "WHERE card_uuid = ? "
                + "AND issued_ms >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cardUuid);
            ps.setLong(2, clock.millis() - retention.maxAge().toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new IssuedCard(cardUuid, rs.getString(1), rs.getString(2), rs.getString(3),
                        java.time.Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5)));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /**
     * Inserts the entries whose card and outcome are not stored yet, in one transaction. Two requests racing with the
     * same report meet the unique index: the loser's transaction is retried once, and then finds the row.
     */
    @Override
    public void feedback(List<FeedbackEntry> entries) {
        try {
            try {
                insertNew(entries);
            } catch (SQLException e) {
                if (!isUniqueViolation(e)) {
                    throw e;
                }
                LOG.debug("CDS feedback raced with the same report; retrying: {}", e.getMessage());
                insertNew(entries);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private void insertNew(List<FeedbackEntry> entries) throws SQLException {
        String sql = "INSERT INTO cds_feedback (service_id, card_uuid, card_type, outcome, override_system, "
                + "override_code, user_comment, accepted_suggestions, outcome_ms, received_ms) "
                + "SELECT ?, ?, COALESCE((SELECT card_type FROM cds_card_issued WHERE card_uuid = ?), 'unknown'), "
                + "?, ?, ?, ?, ?, ?, ? "
                + "WHERE NOT EXISTS (SELECT 1 FROM cds_feedback WHERE card_uuid = ? AND outcome = ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                long now = clock.millis();
                int stored = 0;
                // one statement at a time, not a batch: each must see the rows of the ones before it (a repeat
                // within the request), and PostgreSQL's batch would not report which were skipped
                for (FeedbackEntry e : entries) {
                    ps.setString(1, e.serviceId());
                    ps.setString(2, e.cardUuid());
                    ps.setString(3, e.cardUuid());
                    ps.setString(4, e.outcome());
                    ps.setString(5, e.overrideReasonSystem());
                    ps.setString(6, e.overrideReasonCode());
                    ps.setString(7, e.userComment());
                    ps.setString(8, e.acceptedSuggestions().isEmpty() ? null : String.join(",", e.acceptedSuggestions()));
                    ps.setLong(9, e.outcomeTimestamp().toEpochMilli());
                    ps.setLong(10, now);
                    ps.setString(11, e.cardUuid());
                    ps.setString(12, e.outcome());
                    stored += ps.executeUpdate();
                }
                c.commit();
                if (stored < entries.size()) {
                    LOG.debug("{} of {} CDS feedback item(s) repeated a stored card and outcome; not stored again",
                            entries.size() - stored, entries.size());
                }
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException next = sql; next != null; next = next.getNextException()) {
                    if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public List<FeedbackCount> counts() {
        String sql = "SELECT card_type, outcome, COUNT(*) FROM cds_feedback GROUP BY card_type, outcome "
                + "ORDER BY card_type, outcome";
        List<FeedbackCount> counts = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.add(new FeedbackCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
            }
            return counts;
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static CdsHooksException unavailable(SQLException e) {
        LOG.error("CDS feedback store failed: {}", e.getMessage());
        return new CdsHooksException(503, "the feedback store is unavailable");
    }
}
