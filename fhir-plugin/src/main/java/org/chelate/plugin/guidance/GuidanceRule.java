package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;

/** One rule of the guidance engine. Implementations are stateless and thread-safe. */
interface GuidanceRule {

    /** Inputs without which the rule cannot stand behind its finding. */
    Set<Input> needs();

    /**
     * Inputs the rule reads when they are there (a superset of {@link #needs()}): a rule that uses the Observations
     * without needing them runs again once they are mapped, and its later finding replaces the first.
     */
    default Set<Input> uses() {
        return needs();
    }

    List<Finding> apply(PatientPicture patient, KnowledgePack pack);
}
