package org.chelate.plugin.cdshooks;

import java.time.Instant;

/**
 * A card that was sent, remembered so that feedback on it can be counted by card type, and taken only from the
 * service and client that received it.
 *
 * @param client the verified issuer ({@code iss}) of the call that received the card; null when calls are not
 *               authenticated
 */
public record IssuedCard(String uuid, String serviceId, String cardType, String indicator, Instant issuedAt,
                         String client) {

    /** A card issued to an unauthenticated caller. */
    public IssuedCard(String uuid, String serviceId, String cardType, String indicator, Instant issuedAt) {
        this(uuid, serviceId, cardType, indicator, issuedAt, null);
    }

    /** Whether feedback sent to {@code service} by {@code caller} may be about this card. */
    public boolean boundTo(String service, String caller) {
        return serviceId.equals(service) && java.util.Objects.equals(client, caller);
    }
}
