package org.chelate.plugin;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * Options of the plugin.
 *
 * @param validateIncomingWrites      reject creates/updates that fail validation (base spec, declared profiles, Chelate
 *                                    terminology) with 422 and an OperationOutcome
 * @param minimalImportantDifferences per score instrument ("system|code") the minimal important difference in points;
 *                                    none shipped (the facts file holds none), so responses are reported without a
 *                                    judgement unless a deployer configures one
 * @param clock                       today's date for summaries without an explicit date
 */
public record ChelateOptions(boolean validateIncomingWrites, Map<String, BigDecimal> minimalImportantDifferences, Clock clock) {

    public ChelateOptions {
        Objects.requireNonNull(clock, "clock");
        minimalImportantDifferences = Map.copyOf(minimalImportantDifferences);
    }

    public static ChelateOptions defaults() {
        return new ChelateOptions(false, Map.of(), Clock.systemUTC());
    }

    public ChelateOptions withValidateIncomingWrites(boolean validate) {
        return new ChelateOptions(validate, minimalImportantDifferences, clock);
    }

    public ChelateOptions withMinimalImportantDifferences(Map<String, BigDecimal> mids) {
        return new ChelateOptions(validateIncomingWrites, mids, clock);
    }

    public ChelateOptions withClock(Clock newClock) {
        return new ChelateOptions(validateIncomingWrites, minimalImportantDifferences, newClock);
    }
}
