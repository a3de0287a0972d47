package org.chelate.terminology.units;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/** A UCUM service of its own, so that a test's converter starts with nothing remembered. */
final class UnitConverterTestSupport {

    private UnitConverterTestSupport() {
    }

    static UcumService essence() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            return new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException(e);
        }
    }
}
