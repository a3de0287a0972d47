package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.chelate.server.ChelateServer;
import org.chelate.server.testing.Backend;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --validate-writes}: a write that fails base R4 or a Chelate profile is refused with 422 and its issues. */
class WriteValidationTest {

    private static final String NO_STATUS = "{\"resourceType\":\"MedicationStatement\",\"subject\":{\"reference\":"
            + "\"Patient/p\"},\"medicationCodeableConcept\":{\"text\":\"Magnesium 200 mg\"}}";

    @Test
    void aStatementWithoutStatusIsRefusedWith422ListingTheIssueOnlyWhenValidationIsOn(@TempDir Path dir)
            throws Exception {
        try (ChelateServer plain = ChelateServer.start(Backend.H2.freshConfig(dir.resolve("plain")))) {
            assertEquals(201, new FhirHttp(plain.fhirBase()).post("MedicationStatement", NO_STATUS, FhirHttp.JSON)
                    .status(), "off by default");
        }
        try (ChelateServer validating = ChelateServer.start(Backend.H2.freshConfig(dir.resolve("validating"))
                .toBuilder().validateWrites(true).build())) {
            FhirHttp http = new FhirHttp(validating.fhirBase());
            // the first validation waits for the validator to be built (seconds of CPU; more on a busy machine)
            FhirHttp.Reply refused = http.send(java.net.http.HttpRequest.newBuilder(http.uri("MedicationStatement"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(NO_STATUS))
                    .header("Content-Type", FhirHttp.JSON), java.time.Duration.ofMinutes(5));
            assertEquals(422, refused.status(), refused.body());
            OperationOutcome outcome = refused.outcome();
            assertTrue(outcome.getIssue().stream().anyMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                    && String.valueOf(i.getDiagnostics()).contains("status")), refused.body());
            String valid = NO_STATUS.replace("{\"resourceType\":\"MedicationStatement\",",
                    "{\"resourceType\":\"MedicationStatement\",\"status\":\"active\",");
            FhirHttp.Reply accepted = http.post("MedicationStatement", valid, FhirHttp.JSON);
            assertEquals(201, accepted.status(), accepted.body());
            // a patch is judged by its result: removing status is refused, changing the text is not
            String id = "MedicationStatement/" + accepted.as(org.hl7.fhir.r4.model.MedicationStatement.class)
                    .getIdElement().getIdPart();
            FhirHttp.Reply patchRefused = http.patch(id, "[{\"op\":\"remove\",\"path\":\"/status\"}]",
                    "application/json-patch+json");
            assertEquals(422, patchRefused.status(), patchRefused.body());
            assertTrue(patchRefused.body().contains("status"), patchRefused.body());
            FhirHttp.Reply patched = http.patch(id, "[{\"op\":\"replace\",\"path\":"
                    + "\"/medicationCodeableConcept/text\",\"value\":\"Magnesium 250 mg\"}]",
                    "application/json-patch+json");
            assertEquals(200, patched.status(), patched.body());
        }
    }
}
