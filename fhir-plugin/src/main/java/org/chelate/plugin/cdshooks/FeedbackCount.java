package org.chelate.plugin.cdshooks;

/** How many feedback items a card type received with one outcome ("unknown" card type: feedback on a card not issued here or forgotten). */
public record FeedbackCount(String cardType, String outcome, long count) {
}
