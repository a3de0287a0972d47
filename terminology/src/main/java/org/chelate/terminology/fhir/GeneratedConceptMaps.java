package org.chelate.terminology.fhir;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.chelate.terminology.codes.ChelateSystems;
import org.chelate.terminology.salt.Salt;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.Enumerations.ConceptMapEquivalence;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Narrative;

/** ConceptMaps computed from the shipped data, so that they can never disagree with it. */
final class GeneratedConceptMaps {

    static final String SALT_TO_MINERAL = ChelateSystems.BASE + "/ConceptMap/chelate-salt-to-mineral";
    /** ConceptMap.group.element.target.product property carrying the elemental mass fraction (0..1). */
    static final String ELEMENTAL_FRACTION_PROPERTY = ChelateSystems.SUPPLEMENT + "#elementalFraction";

    private GeneratedConceptMaps() {
    }

    static List<ConceptMap> all() {
        return List.of(saltToMineral(SaltTable.standard()));
    }

    static ConceptMap saltToMineral(SaltTable table) {
        ConceptMap map = new ConceptMap();
        map.setId("chelate-salt-to-mineral");
        map.setUrl(SALT_TO_MINERAL);
        map.setVersion("0.1.0");
        map.setName("ChelateSaltToMineral");
        map.setTitle("Chelate salt to mineral, with elemental fraction");
        map.setStatus(PublicationStatus.ACTIVE);
        map.setExperimental(false);
        map.setPublisher("Chelate");
        map.setDescription("Each salt of the Chelate supplement code system mapped to the mineral it delivers. The elemental "
                + "mass fraction (0..1), computed from the molecular formula with the atomic weights of the Chelate clinical "
                + "facts, is given in target.product (property " + ELEMENTAL_FRACTION_PROPERTY + ") and in target.comment.");
        Narrative text = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        text.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Chelate salt to mineral, with the elemental fraction computed from the formula.</p></div>");
        map.setText(text);
        map.setSource(new CanonicalType(ChelateSystems.BASE + "/ValueSet/chelate-supplements"));
        map.setTarget(new CanonicalType(ChelateSystems.BASE + "/ValueSet/chelate-supplements"));
        ConceptMapGroupComponent group = map.addGroup().setSource(ChelateSystems.SUPPLEMENT).setTarget(ChelateSystems.SUPPLEMENT);
        for (Salt salt : table.all()) {
            BigDecimal fraction = salt.elementalFraction();
            String mineral = salt.mineral().name().toLowerCase(Locale.ROOT);
            TargetElementComponent target = group.addElement().setCode(salt.code()).setDisplay(salt.display())
                    .addTarget().setCode(mineral).setDisplay(mineral)
                    .setEquivalence(ConceptMapEquivalence.RELATEDTO)
                    .setComment("elemental " + mineral + " fraction " + fraction.toPlainString() + " ("
                            + fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %), from "
                            + salt.formula());
            target.addProduct().setProperty(ELEMENTAL_FRACTION_PROPERTY).setValue(fraction.toPlainString());
        }
        return map;
    }
}
