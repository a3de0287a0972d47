package org.chelate.plugin;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.chelate.plugin.knowledge.KnowledgePack;

/**
 * Options of the plugin.
 *
 * @param validateIncomingWrites      reject creates/updates that fail validation (base spec, declared profiles, Chelate
 *                                    terminology) with 422 and an OperationOutcome
 * @param registerValidateOperation   register {@code $validate} on MedicationStatement, MedicationRequest and
 *                                    Observation (turn off on a server whose resource providers already have one)
 * @param minimalImportantDifferences per score instrument ("system|code") the minimal important difference in points;
 *                                    none shipped (the facts file holds none), so responses are reported without a
 *                                    judgement unless a deployer configures one
 * @param knowledgePack               the pack for RDA/UL and reference ranges; empty = the shipped default
 * @param clock                       today's date for summaries without an explicit date
 */
public record ChelateOptions(boolean validateIncomingWrites, boolean registerValidateOperation,
                             Map<String, BigDecimal> minimalImportantDifferences, Optional<KnowledgePack> knowledgePack,
                             Clock clock) {

    public ChelateOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(knowledgePack, "knowledgePack");
        minimalImportantDifferences = Map.copyOf(minimalImportantDifferences);
    }

    public static ChelateOptions defaults() {
        return new ChelateOptions(false, true, Map.of(), Optional.empty(), Clock.systemUTC());
    }

    public ChelateOptions withValidateIncomingWrites(boolean validate) {
        return new ChelateOptions(validate, registerValidateOperation, minimalImportantDifferences, knowledgePack, clock);
    }

    public ChelateOptions withValidateOperation(boolean register) {
        return new ChelateOptions(validateIncomingWrites, register, minimalImportantDifferences, knowledgePack, clock);
    }

    public ChelateOptions withMinimalImportantDifferences(Map<String, BigDecimal> mids) {
        return new ChelateOptions(validateIncomingWrites, registerValidateOperation, mids, knowledgePack, clock);
    }

    public ChelateOptions withKnowledgePack(KnowledgePack pack) {
        return new ChelateOptions(validateIncomingWrites, registerValidateOperation, minimalImportantDifferences,
                Optional.of(pack), clock);
    }

    public ChelateOptions withClock(Clock newClock) {
        return new ChelateOptions(validateIncomingWrites, registerValidateOperation, minimalImportantDifferences,
                knowledgePack, newClock);
    }
}
