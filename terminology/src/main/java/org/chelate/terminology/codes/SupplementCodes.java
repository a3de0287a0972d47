package org.chelate.terminology.codes;

import java.util.Map;
import java.util.Optional;

/** Resolves supplement codes (Chelate, RxNorm, SNOMED CT) to a mineral and, for salt codes, the salt. */
public final class SupplementCodes {

    private final Map<String, SupplementConcept> byKey;

    /** @param byKey "system|code" to concept */
    public SupplementCodes(Map<String, SupplementConcept> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    public static SupplementCodes standard() {
        return StandardCodes.supplements();
    }

    public Optional<SupplementConcept> resolve(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(system.trim() + "|" + code.trim()));
    }
}
