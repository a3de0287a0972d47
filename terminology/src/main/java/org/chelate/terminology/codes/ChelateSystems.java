package org.chelate.terminology.codes;

/** Canonical URLs of the code systems Chelate uses: its own and the standard ones it refers to. */
public final class ChelateSystems {

    public static final String BASE = "http://chelate.org/fhir";

    /** Chelate: minerals and their salts. */
    public static final String SUPPLEMENT = BASE + "/CodeSystem/chelate-supplement";
    /** Chelate: lab kinds (each mapped to LOINC codes). */
    public static final String LAB_KIND = BASE + "/CodeSystem/chelate-lab-kind";
    /** Chelate: symptom-score instruments (own codes, and the LOINC codes they map to). */
    public static final String SCORE = BASE + "/CodeSystem/chelate-symptom-score";
    /** Chelate: drugs and drug classes whose timing or dose interacts with magnesium or zinc. */
    public static final String INTERACTING_DRUG = BASE + "/CodeSystem/chelate-interacting-drug";

    public static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    /** WHO Anatomical Therapeutic Chemical classification (drug substances). */
    public static final String ATC = "http://www.whocc.no/atc";
    public static final String SNOMED_CT = "http://snomed.info/sct";
    public static final String LOINC = "http://loinc.org";
    public static final String UCUM = "http://unitsofmeasure.org";
    /** FHIR R4 EventTiming codes (MORN, AFT, EVE, NIGHT, ...); used as is, never redefined. */
    public static final String EVENT_TIMING = "http://hl7.org/fhir/event-timing";
    /** HL7 v3 TimingEvent codes (HS, WAKE, C, CM, CD, CV, AC, PC, ...), also allowed in Timing.repeat.when. */
    public static final String V3_TIMING_EVENT = "http://terminology.hl7.org/CodeSystem/v3-TimingEvent";

    private ChelateSystems() {
    }
}
