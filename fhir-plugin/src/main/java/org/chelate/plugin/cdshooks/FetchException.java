package org.chelate.plugin.cdshooks;

/** A fallback fetch that gave no usable data. */
public class FetchException extends RuntimeException {

    /** Why the fetch failed; TIMEOUT is the only reason that still lets the call answer with partial cards. */
    public enum Reason {
        NOT_ALLOWED,
        TIMEOUT,
        HTTP_STATUS,
        REDIRECT,
        TOO_LARGE,
        IO
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
