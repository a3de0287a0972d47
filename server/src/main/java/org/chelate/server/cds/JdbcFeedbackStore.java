package org.chelate.server.cds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * {@link FeedbackStore} in the server's database (tables of migration V10). The table of issued cards is bounded by
 * an {@link IssuedCardRetention}: cards past its age or beyond its count (oldest first) are deleted, checked after
 * every tenth of the count of newly issued cards and at least once a minute of issuing, so the table stays within
 * about 110 % of the count between prunes. Lookups ignore cards past the age at once.
 */
public final class JdbcFeedbackStore implements FeedbackStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFeedbackStore.class);
    private static final long PRUNE_AT_LEAST_EVERY_MS = 60_000;

    private final DataSource dataSource;
    private final Clock clock;
    private final IssuedCardRetention retention;
    private final int pruneEveryCards;
    private final AtomicLong issuedSincePrune = new AtomicLong();
    private final AtomicLong lastPruneMs = new AtomicLong();
    private final AtomicBoolean pruning = new AtomicBoolean();

    public JdbcFeedbackStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, IssuedCardRetention.DEFAULT);
    }

    public JdbcFeedbackStore(DataSource dataSource, Clock clock, IssuedCardRetention retention) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.retention = retention;
        this.pruneEveryCards = Math.max(1, retention.maxCards() / 10);
        this.lastPruneMs.set(clock.millis());
    }

    @Override
    public IssuedCardRetention retention() {
        return retention;
    }

    /**
     * Deletes the issued cards past the retention's age, then all but its count of newest ones.
     *
     * @return how many were deleted
     */
    public int prune() {
        long cutoff = clock.millis() - retention.maxAge().toMillis();
        // the (maxCards+1)-th newest card and every older one go; ties on its millisecond go with it
        String byCount = "DELETE FROM cds_card_issued WHERE issued_ms <= ("
                + "SELECT issued_ms FROM cds_card_issued ORDER BY issued_ms DESC LIMIT 1 OFFSET ?)";
        try (Connection c = dataSource.getConnection()) {
            int deleted;
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM cds_card_issued WHERE issued_ms < ?")) {
                ps.setLong(1, cutoff);
                deleted = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(byCount)) {
                ps.setInt(1, retention.maxCards());
                deleted += ps.executeUpdate();
            }
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

    private void pruneIfDue(int justIssued) {
        long since = issuedSincePrune.addAndGet(justIssued);
        boolean due = since >= pruneEveryCards || clock.millis() - lastPruneMs.get() >= PRUNE_AT_LEAST_EVERY_MS;
        if (due && pruning.compareAndSet(false, true)) {
            try {
                issuedSincePrune.set(0);
                prune();
            } finally {
                pruning.set(false);
            }
        }
    }

    /** A failure to remember cards costs only their feedback counts: the cards are still answered, and it is logged. */
    @Override
    public void cardsIssued(List<IssuedCard> cards) {
        String sql = "INSERT INTO cds_card_issued (card_uuid, service_id, card_type, indicator, issued_ms) "
                + "VALUES (?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (IssuedCard card : cards) {
                ps.setString(1, card.uuid());
                ps.setString(2, card.serviceId());
                ps.setString(3, card.cardType());
                ps.setString(4, card.indicator());
                ps.setLong(5, card.issuedAt().toEpochMilli());
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
        String sql = "SELECT service_id, card_type, indicator, issued_ms FROM cds_card_issued WHERE card_uuid = ? "
                + "AND issued_ms >= ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cardUuid);
            ps.setLong(2, clock.millis() - retention.maxAge().toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new IssuedCard(cardUuid, rs.getString(1), rs.getString(2), rs.getString(3),
                        java.time.Instant.ofEpochMilli(rs.getLong(4))));
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public void feedback(List<FeedbackEntry> entries) {
        String sql = "INSERT INTO cds_feedback (service_id, card_uuid, card_type, outcome, override_system, "
                + "override_code, user_comment, accepted_suggestions, outcome_ms, received_ms) "
                + "VALUES (?, ?, COALESCE((SELECT card_type FROM cds_card_issued WHERE card_uuid = ?), 'unknown'), "
                + "?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                long now = clock.millis();
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
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
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
