package org.chelate.plugin.cdshooks;

/** A CDS Hooks call that cannot be answered with cards: answered with this HTTP status and a JSON error. */
public class CdsHooksException extends RuntimeException {

    private final int status;

    public CdsHooksException(int status, String message) {
        super(message);
        this.status = status;
    }

    public CdsHooksException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static CdsHooksException badRequest(String message) {
        return new CdsHooksException(400, message);
    }
}
