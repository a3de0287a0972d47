package org.chelate.server.security.smart;

/** An access token that is malformed, badly signed, expired, from another issuer or for another audience. */
public final class InvalidAccessTokenException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidAccessTokenException(String message) {
        super(message);
    }
}
