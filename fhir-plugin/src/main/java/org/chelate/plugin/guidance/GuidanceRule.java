package org.chelate.plugin.guidance;

import java.util.List;
import java.util.Set;
import org.chelate.plugin.knowledge.KnowledgePack;

/** One rule of the guidance engine. Implementations are stateless and thread-safe. */
interface GuidanceRule {

    /** Inputs without which the rule cannot stand behind its finding. */
    Set<Input> needs();

    List<Finding> apply(PatientPicture patient, KnowledgePack pack);
}
