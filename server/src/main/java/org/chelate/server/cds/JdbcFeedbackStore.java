package org.chelate.server.cds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.chelate.plugin.cdshooks.CdsHooksException;
import org.chelate.plugin.cdshooks.FeedbackCount;
import org.chelate.plugin.cdshooks.FeedbackEntry;
import org.chelate.plugin.cdshooks.FeedbackStore;
import org.chelate.plugin.cdshooks.IssuedCard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link FeedbackStore} in the server's database (tables of migration V10). */
public final class JdbcFeedbackStore implements FeedbackStore {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcFeedbackStore.class);

    private final DataSource dataSource;
    private final Clock clock;

    public JdbcFeedbackStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
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
        }
    }

    @Override
    public Optional<IssuedCard> issued(String cardUuid) {
        String sql = "SELECT service_id, card_type, indicator, issued_ms FROM cds_card_issued WHERE card_uuid = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, cardUuid);
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
