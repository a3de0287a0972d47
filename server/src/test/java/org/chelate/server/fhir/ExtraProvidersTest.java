package org.chelate.server.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin can add a Patient-level operation and an interceptor to the same RestfulServer (issue 4's one-call
 * plugin), and the operation can read the store through the record source.
 */
class ExtraProvidersTest {

    @TempDir
    Path dataDir;

    /** Stands in for the plugin's $regimen-summary: an instance operation on Patient from a plain provider. */
    public static final class GreetingProvider {
        private final org.chelate.plugin.PatientRecordSource source;

        GreetingProvider(org.chelate.plugin.PatientRecordSource source) {
            this.source = source;
        }

        @Operation(name = "$greeting", typeName = "Patient", idempotent = true)
        public Parameters greeting(@IdParam IdType id) {
            Patient patient = source.patient(id.getIdPart()).orElseThrow(
                    () -> new ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException(id));
            Parameters parameters = new Parameters();
            parameters.addParameter().setName("hello").setValue(new StringType(patient.getNameFirstRep().getFamily()));
            parameters.addParameter().setName("statements")
                    .setValue(new org.hl7.fhir.r4.model.IntegerType(source.medicationStatements(id.getIdPart()).size()));
            return parameters;
        }
    }

    @Interceptor
    public static final class CountingInterceptor {
        final AtomicInteger seen = new AtomicInteger();

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
        public boolean count(RequestDetails request) {
            seen.incrementAndGet();
            return true;
        }
    }

    @Test
    void aPluginRegistersAnOperationAndAnInterceptorNextToTheStoredTypes() throws Exception {
        try (Database database = Database.open(DatabaseConfig.h2File(dataDir))) {
            ChelateRestfulServer fhir = new ChelateRestfulServer(FhirHttp.CONTEXT, database);
            CountingInterceptor counter = new CountingInterceptor();
            fhir.registerProvider(new GreetingProvider(fhir.patientRecordSource()));
            fhir.registerInterceptor(counter);

            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addServlet(new ServletHolder(fhir), "/fhir/*");
            jetty.setHandler(context);
            jetty.start();
            try {
                FhirHttp http = new FhirHttp(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/fhir"));
                String patient = Fixtures.create(http, Fixtures.patient("Plugged", "In", "1970-01-01", null));
                Fixtures.create(http, Fixtures.statement(patient, "1000001", "2024-01-01", null,
                        org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus.ACTIVE));

                FhirHttp.Reply reply = http.get("Patient/" + patient + "/$greeting");
                assertEquals(200, reply.status(), reply.body());
                Parameters parameters = reply.as(Parameters.class);
                assertEquals("Plugged", parameters.getParameter("hello").getValue().primitiveValue());
                assertEquals("1", parameters.getParameter("statements").getValue().primitiveValue());
                assertEquals(404, http.get("Patient/" + ServerPerBackend.unique("nobody") + "/$greeting").status());
                assertEquals(200, http.get("Patient/" + patient).status(), "the stored type still answers reads");
                assertTrue(counter.seen.get() >= 5, "the interceptor saw the requests: " + counter.seen.get());
                assertTrue(http.get("metadata").body().contains("greeting"), "the operation is in the CapabilityStatement");
            } finally {
                jetty.stop();
            }
        }
    }
}
