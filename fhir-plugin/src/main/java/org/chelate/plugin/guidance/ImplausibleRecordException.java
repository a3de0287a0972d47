package org.chelate.plugin.guidance;

/** A record whose values cannot be real (e.g. zinc 1e9 mg a day); no guidance is built on it. */
public class ImplausibleRecordException extends RuntimeException {
    public ImplausibleRecordException(String message) {
        super(message);
    }
}
