package org.chelate.plugin.cdshooks;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the CDS Hooks service.
 *
 * @param budget                      hard budget per call, fetches included (default 500 ms)
 * @param fetchShare                  fraction of the budget the fallback fetches may use (the rest is for mapping and rules)
 * @param outbound                    where the fallback fetcher may go
 * @param corsOrigins                 origins allowed by CORS; "*" allows any
 * @param maxBodyBytes                larger request bodies are refused with 413
 * @param maxPlausibleDailyMg         elemental mg/day above which a record is refused as impossible (422)
 * @param minimalImportantDifferences per score instrument ("system|code"), points; none shipped
 * @param clock                       the hook's date comes from this clock
 */
public record CdsHooksConfig(Duration budget, double fetchShare, OutboundFetchPolicy outbound, List<String> corsOrigins,
                             long maxBodyBytes, BigDecimal maxPlausibleDailyMg,
                             Map<String, BigDecimal> minimalImportantDifferences, Clock clock) {

    public CdsHooksConfig {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(outbound, "outbound");
        Objects.requireNonNull(clock, "clock");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("budget must be positive");
        }
        if (fetchShare <= 0 || fetchShare >= 1) {
            throw new IllegalArgumentException("fetchShare must be between 0 and 1");
        }
        corsOrigins = List.copyOf(corsOrigins);
        minimalImportantDifferences = Map.copyOf(minimalImportantDifferences);
    }

    public static CdsHooksConfig defaults() {
        return new CdsHooksConfig(Duration.ofMillis(500), 0.6, OutboundFetchPolicy.none(), List.of("*"),
                5L * 1024 * 1024, new BigDecimal("100000"), Map.of(), Clock.systemUTC());
    }

    public CdsHooksConfig withBudget(Duration newBudget) {
        return new CdsHooksConfig(newBudget, fetchShare, outbound, corsOrigins, maxBodyBytes, maxPlausibleDailyMg,
                minimalImportantDifferences, clock);
    }

    public CdsHooksConfig withOutbound(OutboundFetchPolicy policy) {
        return new CdsHooksConfig(budget, fetchShare, policy, corsOrigins, maxBodyBytes, maxPlausibleDailyMg,
                minimalImportantDifferences, clock);
    }

    public CdsHooksConfig withCorsOrigins(List<String> origins) {
        return new CdsHooksConfig(budget, fetchShare, outbound, origins, maxBodyBytes, maxPlausibleDailyMg,
                minimalImportantDifferences, clock);
    }

    public CdsHooksConfig withClock(Clock newClock) {
        return new CdsHooksConfig(budget, fetchShare, outbound, corsOrigins, maxBodyBytes, maxPlausibleDailyMg,
                minimalImportantDifferences, newClock);
    }

    public CdsHooksConfig withMaxBodyBytes(long bytes) {
        return new CdsHooksConfig(budget, fetchShare, outbound, corsOrigins, bytes, maxPlausibleDailyMg,
                minimalImportantDifferences, clock);
    }
}
