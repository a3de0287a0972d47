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

    /** The failure as a clinician reads it on the card that says what could not be read. */
    static String inWords(FetchException e) {
        return switch (e.reason()) {
            case TIMEOUT -> "the EHR's FHIR server did not answer in time";
            case HTTP_STATUS -> "the EHR's FHIR server answered with an error";
            case REDIRECT -> "the EHR's FHIR server sent the request elsewhere, which is not followed";
            case TOO_LARGE -> "the EHR's FHIR server sent more data than this service accepts";
            case NOT_ALLOWED -> "the address given is not one this service may call";
            case IO -> "the EHR's FHIR server could not be reached";
        };
    }
}
