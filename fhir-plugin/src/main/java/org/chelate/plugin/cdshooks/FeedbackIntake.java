package org.chelate.plugin.cdshooks;

import java.util.List;
import java.util.Optional;

/**
 * Stores a batch of feedback only when every card of it was issued by this service to this client and is still
 * remembered: nothing of the batch is stored otherwise, so the client can resend the rest. Feedback on a card of
 * another service or another EHR is refused (403), as is feedback on a card unknown or forgotten (404).
 */
final class FeedbackIntake {

    private FeedbackIntake() {
    }

    static void take(FeedbackStore store, String serviceId, List<FeedbackEntry> entries, String client) {
        for (FeedbackEntry entry : entries) {
            Optional<IssuedCard> card = store.issued(entry.cardUuid());
            if (card.isEmpty()) {
                throw new CdsHooksException(404, "card " + entry.cardUuid() + " is not a card this service remembers: "
                        + "feedback is taken for cards " + store.retention().describe());
            }
            if (!card.get().boundTo(serviceId, client)) {
                throw new CdsHooksException(403, "card " + entry.cardUuid() + " was not issued by service '"
                        + serviceId + "' to this client: feedback is taken only from the client that received the "
                        + "card, at the service that issued it");
            }
        }
        store.feedback(entries);
    }
}
