package org.chelate.plugin.fhirpackage;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the Chelate FHIR NPM package during the build (fhir-plugin's pom runs it in process-classes):
 * {@code FhirPackageMain <target dir> <version>} writes {@code <target>/fhir-package/package/...},
 * {@code <target>/org.chelate.fhir-<version>.tgz} and a copy of the tgz in the jar at {@link FhirPackage#CLASSPATH}.
 */
public final class FhirPackageMain {

    private FhirPackageMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: FhirPackageMain <target directory> <version>");
            System.exit(2);
        }
        Path target = Path.of(args[0]);
        FhirContext ctx = FhirContext.forR4();
        FhirPackage fhirPackage = FhirPackage.of(ctx, args[1], PackageContents.all(ctx));
        fhirPackage.writeFolder(target.resolve("fhir-package"));
        Path tgz = target.resolve(FhirPackage.NAME + "-" + args[1] + ".tgz");
        fhirPackage.writeTgz(tgz);
        fhirPackage.writeTgz(target.resolve("classes").resolve(FhirPackage.CLASSPATH));
        System.out.println("FHIR package " + FhirPackage.NAME + "#" + args[1] + " (" + fhirPackage.files().size()
                + " files) written to " + tgz);
    }
}
