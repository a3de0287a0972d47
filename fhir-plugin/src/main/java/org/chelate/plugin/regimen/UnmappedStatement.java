package org.chelate.plugin.regimen;

import java.util.Objects;

/**
 * A record that gave no regimen, with the reason. Never silently dropped: the summary lists every one.
 *
 * @param sourceReference e.g. "MedicationStatement/123"
 * @param code            machine-readable reason
 * @param reason          human-readable reason naming what was missing or wrong
 * @param description     product text of the record (code display or text), for display; may be empty
 */
public record UnmappedStatement(String sourceReference, UnmappedReason code, String reason, String description) {
    public UnmappedStatement {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
    }
}
