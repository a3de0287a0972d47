package org.chelate.plugin.regimen;

/** Thrown inside the mapper when one record cannot give a regimen; caught per record and reported, never propagated. */
final class MappingProblem extends RuntimeException {

    private final UnmappedReason reason;

    MappingProblem(UnmappedReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    UnmappedReason reason() {
        return reason;
    }
}
