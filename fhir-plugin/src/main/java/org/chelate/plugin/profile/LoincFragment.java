package org.chelate.plugin.profile;

import java.util.LinkedHashMap;
import java.util.Map;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.codes.LabCode;
import org.chelate.terminology.codes.LabCodes;
import org.chelate.terminology.codes.ScoreInstrument;
import org.chelate.terminology.codes.ScoreInstruments;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;

/**
 * A fragment of LOINC holding only the codes Chelate's terminology uses (score instruments and labs), so that the
 * validator can check the required binding of the symptom-score profile without the whole of LOINC. Codes outside
 * the fragment are reported by the validator as unknown in a fragment (a warning), not as errors.
 */
final class LoincFragment {

    private LoincFragment() {
    }

    static CodeSystem codeSystem() {
        Map<String, String> concepts = new LinkedHashMap<>();
        for (ScoreInstrument instrument : ScoreInstruments.standard().all()) {
            if (ChelateSystems.LOINC.equals(instrument.system())) {
                concepts.putIfAbsent(instrument.code(), instrument.display());
            }
        }
        for (LabCode lab : LabCodes.standard().all()) {
            if (ChelateSystems.LOINC.equals(lab.system())) {
                concepts.putIfAbsent(lab.code(), lab.display());
            }
        }
        CodeSystem fragment = new CodeSystem();
        fragment.setUrl(ChelateSystems.LOINC);
        fragment.setName("LoincFragmentForChelate");
        fragment.setStatus(PublicationStatus.ACTIVE);
        fragment.setContent(CodeSystem.CodeSystemContentMode.FRAGMENT);
        concepts.forEach((code, display) -> fragment.addConcept().setCode(code).setDisplay(display));
        return fragment;
    }
}
