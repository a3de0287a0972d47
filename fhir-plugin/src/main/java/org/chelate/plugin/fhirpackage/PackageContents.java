package org.chelate.plugin.fhirpackage;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.chelate.plugin.profile.ChelateProfiles;
import org.chelate.terminology.fhir.ChelateTerminology;
import org.hl7.fhir.r4.model.MetadataResource;

/**
 * The conformance resources of the Chelate FHIR package, taken from the same sources the server serves: the
 * profiles and extension definitions (with generated snapshots) of the plugin, and the code systems, value sets and
 * concept maps of the terminology module.
 */
public final class PackageContents {

    private PackageContents() {
    }

    /** Every resource of the package, profiles first. */
    public static List<MetadataResource> all(FhirContext ctx) {
        List<MetadataResource> resources = new ArrayList<>(ChelateProfiles.withSnapshots(ctx));
        ChelateTerminology terminology = ChelateTerminology.forContext(ctx);
        terminology.codeSystems().forEach(r -> resources.add(r.copy()));
        terminology.valueSets().forEach(r -> resources.add(r.copy()));
        terminology.conceptMaps().forEach(r -> resources.add(r.copy()));
        return resources;
    }
}
