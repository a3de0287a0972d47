package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.chelate.server.ChelateServer;
import org.chelate.server.testing.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the store goes away under the server, FHIR requests get 503 without SQL details, and the server stays up. */
class StoreFailureTest {

    @TempDir
    Path dataDir;

    @Test
    void aClosedStoreGives503WithoutSqlDetails() throws Exception {
        try (ChelateServer server = ChelateServer.start(Backend.H2.freshConfig(dataDir))) {
            FhirHttp http = new FhirHttp(server.fhirBase());
            assertEquals(201, http.post("Patient", Fixtures.patient("Before", "Failure", "1970-01-01", null)).status());
            server.database().close();

            FhirHttp.Reply reply = http.get("Patient?family=Before");
            assertEquals(503, reply.status(), reply.body());
            assertTrue(reply.diagnostics().contains("retry"), reply.body());
            assertFalse(reply.body().toLowerCase().contains("hikari") || reply.body().contains("SQL"), reply.body());
            assertEquals(200, http.get("metadata").status(), "the server itself still answers");
        }
    }
}
