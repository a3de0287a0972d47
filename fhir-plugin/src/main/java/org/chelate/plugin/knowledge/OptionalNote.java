package org.chelate.plugin.knowledge;

import java.math.BigDecimal;
import java.util.List;

/** An optional advisory note, off unless the pack enables it (e.g. the low-evidence Mg + Zn same-time note). */
public record OptionalNote(String id, boolean enabled, String evidence, String text, BigDecimal zincMgPerDayStudied,
                           List<String> sources) {

    public OptionalNote {
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}
