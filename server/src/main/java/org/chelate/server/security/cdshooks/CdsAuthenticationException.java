package org.chelate.server.security.cdshooks;

/** A CDS Hooks call whose JWT is missing or not acceptable; the message is safe to show the caller. */
public final class CdsAuthenticationException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String error;

    public CdsAuthenticationException(String error, String description) {
        super(description);
        this.error = error;
    }

    public CdsAuthenticationException(String description) {
        this("invalid_token", description);
    }

    /** An OAuth-style error code: {@code invalid_request} (no usable header) or {@code invalid_token}. */
    public String error() {
        return error;
    }
}
