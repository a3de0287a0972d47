package org.chelate.server.app;

import java.util.Locale;
import java.util.Optional;
import org.chelate.plugin.knowledge.HourRange;
import org.chelate.plugin.knowledge.InteractionRule;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.knowledge.Source;
import org.chelate.plugin.guidance.InteractingDrugCode;
import org.chelate.plugin.observation.LabAnalyte;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.LabCode;
import org.chelate.terminology.codes.LabCodes;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/**
 * The knowledge pack's separation windows for a record of an interacting drug, classified the way the CDS rules
 * classify it (a code of the terminology's interacting-drug list, else the product's text); only enabled rules.
 */
final class InteractionWindows {

    private final KnowledgePack pack;
    private final InteractingDrugs drugs = InteractingDrugs.standard();

    InteractionWindows(KnowledgePack pack) {
        this.pack = pack;
    }

    /** One drug record and its rule, written as an {@code interaction} parameter. */
    record Window(String sourceReference, String name, InteractionRule rule, KnowledgePack pack) {

        void addTo(ParametersParameterComponent part) {
            part.setName("interaction");
            add(part, "source", new Reference(sourceReference));
            add(part, "name", new StringType(name));
            add(part, "drugClass", new CodeType(rule.drugClass().name().toLowerCase(Locale.ROOT).replace('_', '-')));
            rule.minerals().forEach(m -> add(part, "mineral", new CodeType(m.name().toLowerCase(Locale.ROOT))));
            hours(part, "drugBeforeSupplement", rule.drugBeforeSupplement());
            hours(part, "drugAfterSupplement", rule.drugAfterSupplement());
            if (rule.text() != null) {
                add(part, "text", new StringType(rule.text()));
            }
            for (Source source : pack.sources(rule.sources())) {
                ParametersParameterComponent s = part.addPart().setName("source-document");
                add(s, "id", new StringType(source.id()));
                if (source.url() != null) {
                    add(s, "url", new UriType(source.url()));
                }
            }
        }

        private static void hours(ParametersParameterComponent part, String name, HourRange range) {
            if (range == null) {
                return;
            }
            ParametersParameterComponent hours = part.addPart().setName(name);
            add(hours, "minHours", new DecimalType(range.minHours()));
            if (range.maxHours() != null) {
                add(hours, "maxHours", new DecimalType(range.maxHours()));
            }
        }
    }

    Optional<Window> of(Resource order, CodeableConcept code) {
        if (code == null) {
            return Optional.empty();
        }
        Optional<InteractingDrugCode.Recognised> recognised = InteractingDrugCode.recognise(drugs, code, "");
        Optional<InteractionRule> rule = recognised.flatMap(r -> pack.interaction(r.drugCode(), r.drugClass()))
                .filter(InteractionRule::enabled);
        String name = recognised.map(InteractingDrugCode.Recognised::name).orElse("");
        String reference = order.fhirType() + "/" + order.getIdElement().getIdPart();
        return rule.map(r -> new Window(reference, name.isBlank() ? r.drugClass().name() : name, r, pack));
    }

    /** The lab codes the view searches Observations by, each with the analyte the summary names and its unit. */
    static void labCodes(Parameters out) {
        for (LabCode code : LabCodes.standard().all()) {
            ParametersParameterComponent part = out.addParameter().setName("labCode");
            add(part, "system", new UriType(code.system()));
            add(part, "code", new CodeType(code.code()));
            add(part, "analyte", new CodeType(analyte(code)));
            add(part, "unit", new StringType(code.kind().canonicalUnit()));
        }
    }

    /** The analyte codes of {@code $regimen-summary}'s {@code lab} parameter. */
    private static String analyte(LabCode code) {
        return LabAnalyte.of(code.kind()).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void add(ParametersParameterComponent part, String name, Type value) {
        part.addPart().setName(name).setValue(value);
    }
}
