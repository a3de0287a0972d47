package org.chelate.server.security;

/** The server was asked to start in a way that would expose patient data; the message names the option to set. */
public final class InsecureStartException extends Exception {

    private static final long serialVersionUID = 1L;

    public InsecureStartException(String message) {
        super(message);
    }

    public InsecureStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
