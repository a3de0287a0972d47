package org.chelate.plugin.knowledge;

import java.util.List;

/** The pack file as it is stored (JSON). Validated by {@link KnowledgePack}. */
record PackDocument(String packId, String version, String description, List<Source> sources,
                    List<LimitEntry> limits, List<InteractionRule> interactions, Thresholds thresholds,
                    List<RegimenTemplate> templates, List<OptionalNote> notes,
                    PackPolicy policy) {
}
