package org.chelate.plugin.cdshooks;

import java.util.List;
import java.util.Optional;

/** Where issued cards and the feedback on them are kept. Implementations are thread-safe. */
public interface FeedbackStore {

    /** Remembers the cards of one response. */
    void cardsIssued(List<IssuedCard> cards);

    Optional<IssuedCard> issued(String cardUuid);

    /** Stores feedback; the card type is taken from the issued card when known. */
    void feedback(List<FeedbackEntry> entries);

    /** Feedback counted per card type and outcome. */
    List<FeedbackCount> counts();
}
