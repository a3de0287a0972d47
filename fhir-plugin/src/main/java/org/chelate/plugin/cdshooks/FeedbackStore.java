package org.chelate.plugin.cdshooks;

import java.util.List;
import java.util.Optional;

/** Where issued cards and the feedback on them are kept. Implementations are thread-safe. */
public interface FeedbackStore {

    /** How long issued cards are remembered; feedback on a card past it is refused. */
    default IssuedCardRetention retention() {
        return IssuedCardRetention.DEFAULT;
    }

    /** Remembers the cards of one response (and forgets those past the {@link #retention()}). */
    void cardsIssued(List<IssuedCard> cards);

    /** The card, if it was issued and is within the {@link #retention()}. */
    Optional<IssuedCard> issued(String cardUuid);

    /**
     * Stores feedback; the card type is taken from the issued card when known. At most one report per card and outcome
     * is kept: a repeat (a client's retry, or the same card reported again) is accepted and not stored again, so that
     * the {@link #counts()} count cards, not requests.
     */
    void feedback(List<FeedbackEntry> entries);

    /** Feedback counted per card type and outcome: how many cards were accepted, how many overridden. */
    List<FeedbackCount> counts();
}
