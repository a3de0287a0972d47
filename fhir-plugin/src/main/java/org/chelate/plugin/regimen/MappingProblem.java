package org.chelate.plugin.regimen;

/** Thrown inside the mapper when one record cannot give a regimen; caught per record and reported, never propagated. */
final class MappingProblem extends RuntimeException {

    private final UnmappedReason reason;
    private final java.util.List<org.chelate.terminology.Mineral> minerals;

    MappingProblem(UnmappedReason reason, String message) {
        this(reason, message, java.util.List.of());
    }

    /** A problem about a record known to hold these minerals (e.g. a multivitamin whose amount is not recorded). */
    MappingProblem(UnmappedReason reason, String message, java.util.List<org.chelate.terminology.Mineral> minerals) {
        super(message, null, false, false);
        this.reason = reason;
        this.minerals = java.util.List.copyOf(minerals);
    }

    UnmappedReason reason() {
        return reason;
    }

    java.util.List<org.chelate.terminology.Mineral> minerals() {
        return minerals;
    }
}
