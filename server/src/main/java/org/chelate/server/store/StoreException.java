package org.chelate.server.store;

/** The database failed (not the caller's input): a server error. */
public final class StoreException extends RuntimeException {

    private final boolean unavailable;

    public StoreException(String message, Throwable cause) {
        this(message, cause, false);
    }

    StoreException(String message, Throwable cause, boolean unavailable) {
        super(message, cause);
        this.unavailable = unavailable;
    }

    /** True when no connection could be had (store down, closed or too busy): worth a retry later. */
    public boolean unavailable() {
        return unavailable;
    }
}
