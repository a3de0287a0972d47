package org.chelate.plugin.profile;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * Chelate's StructureDefinitions, shipped as differentials and given snapshots at start with HAPI's snapshot generator.
 */
public final class ChelateProfiles {

    public static final String SUPPLEMENT_STATEMENT =
            "http://chelate.org/fhir/StructureDefinition/chelate-supplement-medicationstatement";
    public static final String SYMPTOM_SCORE = "http://chelate.org/fhir/StructureDefinition/chelate-symptom-score-observation";
    public static final String DOSE_BASIS = "http://chelate.org/fhir/StructureDefinition/dose-basis";

    /** Extensions first: the profiles' snapshots refer to them. */
    private static final List<String> FILES = List.of(
            "StructureDefinition-dose-basis.json",
            "StructureDefinition-chelate-supplement-medicationstatement.json",
            "StructureDefinition-chelate-symptom-score-observation.json");

    private ChelateProfiles() {
    }

    /** The differentials as shipped, without snapshots. */
    public static List<StructureDefinition> differentials(FhirContext ctx) {
        List<StructureDefinition> definitions = new ArrayList<>();
        for (String file : FILES) {
            try (InputStream in = ChelateProfiles.class.getResourceAsStream(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing profile resource " + file);
                }
                definitions.add(ctx.newJsonParser().parseResource(StructureDefinition.class, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return definitions;
    }

    /** The profiles with generated snapshots. */
    public static List<StructureDefinition> withSnapshots(FhirContext ctx) {
        List<StructureDefinition> differentials = differentials(ctx);
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(ctx);
        differentials.forEach(ours::addStructureDefinition);
        SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(ctx);
        ValidationSupportChain chain = new ValidationSupportChain(ours, new DefaultProfileValidationSupport(ctx), generator);
        ValidationSupportContext context = new ValidationSupportContext(chain);
        List<StructureDefinition> result = new ArrayList<>();
        for (StructureDefinition differential : differentials) {
            StructureDefinition snapshot = (StructureDefinition) generator.generateSnapshot(context, differential.copy(),
                    differential.getUrl(), differential.getUrl(), differential.getName());
            if (snapshot == null || !snapshot.hasSnapshot() || snapshot.getSnapshot().getElement().isEmpty()) {
                throw new IllegalStateException("no snapshot generated for " + differential.getUrl());
            }
            result.add(snapshot);
        }
        return result;
    }
}
