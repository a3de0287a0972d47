package org.chelate.plugin.cdshooks;

import java.time.Instant;

/** A card that was sent, remembered so that feedback on it can be counted by card type. */
public record IssuedCard(String uuid, String serviceId, String cardType, String indicator, Instant issuedAt) {
}
