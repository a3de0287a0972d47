package org.chelate.server.security.cdshooks;

import java.time.Instant;

/**
 * Where a {@link ReplayGuard} records token ids so that every server instance sees them (the database): a token used
 * on one instance is then refused on all.
 */
public interface SharedTokenIds {

    /**
     * Records {@code key} as used until {@code forgetAfter}.
     *
     * @return true when it was not recorded yet (or its record had expired by {@code now}); false for a replay
     * @throws IllegalStateException when the record cannot be read or written (the guard then refuses the token)
     */
    boolean recordFirstUse(String key, Instant now, Instant forgetAfter);
}
