package org.chelate.plugin.cdshooks.fetch;

/** An outbound fetch that was refused or failed; {@link #reason()} says which way, the message says more. */
public final class FetchException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** the URL's origin is not on the allowlist, or the URL is not a plain absolute http(s) URL */
        NOT_ALLOWED,
        /** the server answered with a redirect, which is never followed */
        REDIRECT,
        /** the response body is larger than the policy allows */
        TOO_LARGE,
        /** no complete answer within the time budget */
        TIMEOUT,
        /** connection refused, reset, or similar */
        IO
    }

    private final Reason reason;

    public FetchException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
