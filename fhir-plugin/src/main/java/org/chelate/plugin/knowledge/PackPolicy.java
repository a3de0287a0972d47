package org.chelate.plugin.knowledge;

/**
 * Chelate's written policy, not a fact: how severe a card is, where facts.md gives the numbers but not the urgency.
 * Documented in docs/cds-hooks.md ("Upper-limit severity policy"); a pharmacist reviews it like any other entry.
 */
public record PackPolicy(String note, UpperLimitSeverity upperLimitSeverity) {
}
