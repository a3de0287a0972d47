package org.chelate.plugin.knowledge;

/**
 * A cited source, by the short name used in ../shared/clinical/facts.md (ODS-Mg, ODS-Zn, ODS-Cu, DRI, Label).
 * {@code url} may be null where facts.md gives none (DRI); {@code citation} then says what the source is.
 */
public record Source(String id, String label, String url, String citation) {
}
