package org.chelate.server.config;

/** A bad command line or environment: the message tells the user what to fix. */
public final class InvalidOptionsException extends Exception {

    public InvalidOptionsException(String message) {
        super(message);
    }
}
