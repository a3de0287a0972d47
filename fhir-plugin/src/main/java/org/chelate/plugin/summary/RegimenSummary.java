package org.chelate.plugin.summary;

import java.time.LocalDate;
import java.util.List;
import org.chelate.plugin.observation.LabResult;
import org.chelate.plugin.observation.UnmappedObservation;
import org.chelate.plugin.regimen.Regimen;
import org.chelate.plugin.regimen.UnmappedStatement;

/**
 * A patient's magnesium, zinc and copper supplementation on a date.
 *
 * @param patientReference   "Patient/123"
 * @param date               the date the totals are for
 * @param facts              age, sex, pregnancy used for the reference values
 * @param minerals           magnesium and zinc always, copper when recorded
 * @param otherRegimens      regimens not active on the date (stopped, completed, future, draft...)
 * @param unmapped           records that gave no regimen, with reasons
 * @param trends             symptom-score series and responses
 * @param latestLabs         the latest result per lab analyte
 * @param unusedObservations score or lab Observations that could not be used, with reasons
 * @param notes              what the reader must know (assumptions, options)
 * @param knowledgePackVersion the knowledge pack the RDA/UL values came from
 */
public record RegimenSummary(String patientReference, LocalDate date, PatientFacts facts, List<MineralSummary> minerals,
                             List<Regimen> otherRegimens, List<UnmappedStatement> unmapped, List<SymptomTrend> trends,
                             List<LabResult> latestLabs, List<UnmappedObservation> unusedObservations, List<String> notes,
                             String knowledgePackVersion) {
    public RegimenSummary {
        minerals = List.copyOf(minerals);
        otherRegimens = List.copyOf(otherRegimens);
        unmapped = List.copyOf(unmapped);
        trends = List.copyOf(trends);
        latestLabs = List.copyOf(latestLabs);
        unusedObservations = List.copyOf(unusedObservations);
        notes = List.copyOf(notes);
    }
}
