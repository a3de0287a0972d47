package org.chelate.plugin.regimen;

import java.util.List;
import java.util.Objects;
import org.chelate.terminology.Mineral;

/**
 * A record that gave no regimen, with the reason. Never silently dropped: the summary lists every one.
 *
 * @param sourceReference e.g. "MedicationStatement/123"
 * @param code            machine-readable reason
 * @param reason          human-readable reason naming what was missing or wrong
 * @param description     product text of the record (code display or text), for display; may be empty
 * @param minerals        minerals the record is known to hold (a product whose amount is not recorded, an
 *                        implausible amount, intranasal zinc); empty when the record did not say
 */
public record UnmappedStatement(String sourceReference, UnmappedReason code, String reason, String description,
                                List<Mineral> minerals) {
    public UnmappedStatement {
        Objects.requireNonNull(sourceReference, "sourceReference");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(description, "description");
        minerals = List.copyOf(minerals);
    }

    public UnmappedStatement(String sourceReference, UnmappedReason code, String reason, String description) {
        this(sourceReference, code, reason, description, List.of());
    }
}
