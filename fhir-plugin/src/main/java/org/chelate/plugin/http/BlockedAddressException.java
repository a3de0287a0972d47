package org.chelate.plugin.http;

import java.io.IOException;

/** An outbound call refused because its host resolves to an internal address (see {@link AddressGuard}). */
public final class BlockedAddressException extends IOException {

    public BlockedAddressException(String message) {
        super(message);
    }
}
