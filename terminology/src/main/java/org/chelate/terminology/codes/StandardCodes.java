package org.chelate.terminology.codes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.resources.Concepts;
import org.chelate.terminology.resources.Concepts.StandardCode;
import org.chelate.terminology.resources.TerminologyResources;
import org.chelate.terminology.salt.Salt;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;

/** Builds the standard code tables from the shipped CodeSystem resources, once. */
final class StandardCodes {

    private StandardCodes() {
    }

    static SupplementCodes supplements() {
        return Holder.SUPPLEMENTS;
    }

    static LabCodes labs() {
        return Holder.LABS;
    }

    static ScoreInstruments scores() {
        return Holder.SCORES;
    }

    static InteractingDrugs drugs() {
        return Holder.DRUGS;
    }

    private static final class Holder {
        static final TerminologyResources RESOURCES = TerminologyResources.standard();
        static final SupplementCodes SUPPLEMENTS = buildSupplements(RESOURCES.requireCodeSystem(ChelateSystems.SUPPLEMENT));
        static final LabCodes LABS = buildLabs(RESOURCES.requireCodeSystem(ChelateSystems.LAB_KIND));
        static final ScoreInstruments SCORES = buildScores(RESOURCES.requireCodeSystem(ChelateSystems.SCORE));
        static final InteractingDrugs DRUGS = buildDrugs(RESOURCES.requireCodeSystem(ChelateSystems.INTERACTING_DRUG));
    }

    static SupplementCodes buildSupplements(CodeSystem cs) {
        SaltTable salts = SaltTable.standard();
        Map<String, SupplementConcept> byKey = new HashMap<>();
        for (ConceptDefinitionComponent c : Concepts.flatten(cs)) {
            Mineral mineral = Mineral.valueOf(Concepts.string(c, "mineral").orElseThrow().toUpperCase(Locale.ROOT));
            Optional<Salt> salt = salts.byCode(c.getCode());
            byKey.put(cs.getUrl() + "|" + c.getCode(), new SupplementConcept(mineral, salt, c.getDisplay(), true));
            for (StandardCode sc : Concepts.standardCodes(c)) {
                String display = sc.display() != null ? sc.display() : c.getDisplay();
                byKey.putIfAbsent(sc.system() + "|" + sc.code(), new SupplementConcept(mineral, salt, display, sc.verified()));
            }
        }
        return new SupplementCodes(byKey);
    }

    static LabCodes buildLabs(CodeSystem cs) {
        List<LabCode> codes = new ArrayList<>();
        for (ConceptDefinitionComponent c : Concepts.flatten(cs)) {
            LabKind kind = LabKind.valueOf(c.getCode().toUpperCase(Locale.ROOT).replace('-', '_'));
            codes.add(new LabCode(cs.getUrl(), c.getCode(), c.getDisplay(), kind, true));
            for (StandardCode sc : Concepts.standardCodes(c)) {
                codes.add(new LabCode(sc.system(), sc.code(), sc.display(), kind, sc.verified()));
            }
        }
        return new LabCodes(codes);
    }

    static ScoreInstruments buildScores(CodeSystem cs) {
        List<ScoreInstrument> out = new ArrayList<>();
        for (ConceptDefinitionComponent c : Concepts.flatten(cs)) {
            BigDecimal min = Concepts.decimal(c, "min").orElseThrow(() -> new IllegalStateException("no min: " + c.getCode()));
            BigDecimal max = Concepts.decimal(c, "max").orElseThrow(() -> new IllegalStateException("no max: " + c.getCode()));
            ScoreDirection direction = ScoreDirection.valueOf(
                    Concepts.string(c, "direction").orElseThrow().toUpperCase(Locale.ROOT).replace('-', '_'));
            out.add(new ScoreInstrument(cs.getUrl(), c.getCode(), c.getDisplay(), min, max, direction, true));
            for (StandardCode sc : Concepts.standardCodes(c)) {
                out.add(new ScoreInstrument(sc.system(), sc.code(), sc.display() != null ? sc.display() : c.getDisplay(),
                        min, max, direction, sc.verified()));
            }
        }
        return new ScoreInstruments(out);
    }

    static InteractingDrugs buildDrugs(CodeSystem cs) {
        List<InteractingDrug> out = new ArrayList<>();
        for (ConceptDefinitionComponent cls : cs.getConcept()) {
            DrugClass drugClass = drugClassOf(cls.getCode());
            for (ConceptDefinitionComponent c : cls.getConcept()) {
                List<StandardCode> std = Concepts.standardCodes(c).stream()
                        .filter(sc -> ChelateSystems.RXNORM.equals(sc.system())).toList();
                String rxnorm = std.isEmpty() ? null : std.get(0).code();
                boolean verified = !std.isEmpty() && std.get(0).verified();
                List<String> atc = Concepts.standardCodes(c).stream()
                        .filter(sc -> ChelateSystems.ATC.equals(sc.system())).map(StandardCode::code).toList();
                out.add(new InteractingDrug(c.getCode(), c.getDisplay().toLowerCase(Locale.ROOT), drugClass, rxnorm, verified,
                        Concepts.synonyms(c), atc));
            }
        }
        return new InteractingDrugs(out);
    }

    /** Class concepts are coded "class-" + the enum name in lower case with hyphens, e.g. class-proton-pump-inhibitor. */
    static DrugClass drugClassOf(String classCode) {
        if (!classCode.startsWith("class-")) {
            throw new IllegalStateException("top-level interacting-drug concept is not a class: " + classCode);
        }
        return DrugClass.valueOf(classCode.substring("class-".length()).toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
