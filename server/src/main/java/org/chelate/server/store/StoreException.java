package org.chelate.server.store;

/** The database failed (not the caller's input): a server error. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
