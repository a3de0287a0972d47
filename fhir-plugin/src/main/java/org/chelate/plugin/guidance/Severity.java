package org.chelate.plugin.guidance;

/** How urgent a finding is; the CDS Hooks card indicator. Ordered most severe first. */
public enum Severity {
    CRITICAL("critical"),
    WARNING("warning"),
    INFO("info");

    private final String indicator;

    Severity(String indicator) {
        this.indicator = indicator;
    }

    /** The CDS Hooks 2.0 card indicator code. */
    public String indicator() {
        return indicator;
    }
}
