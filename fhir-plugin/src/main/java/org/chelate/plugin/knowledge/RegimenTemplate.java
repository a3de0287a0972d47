package org.chelate.plugin.knowledge;

import java.util.List;

/**
 * A configurable regimen template (e.g. "foundation"). Not evidence of benefit: offered only when a clinician
 * is already acting on supplements (active problem-list entry or an order being drafted).
 */
public record RegimenTemplate(String id, String title, boolean configurableTemplate, String evidence,
                              List<TemplateDose> doses, List<String> sources) {

    public RegimenTemplate {
        doses = doses == null ? List.of() : List.copyOf(doses);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
