package org.chelate.plugin.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import org.chelate.plugin.ChelateOptions;
import org.chelate.plugin.ChelatePlugin;
import org.chelate.plugin.HashMapRecordSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * A plain HAPI {@link RestfulServer} at /fhir with only HAPI's in-memory {@link HashMapResourceProvider}s, on a real
 * Jetty on a free port, with Chelate mounted by its one public call.
 */
public final class BareHapiServer implements AutoCloseable {

    private final Server jetty;
    private final String baseUrl;
    private final ChelatePlugin plugin;

    private BareHapiServer(Server jetty, String baseUrl, ChelatePlugin plugin) {
        this.jetty = jetty;
        this.baseUrl = baseUrl;
        this.plugin = plugin;
    }

    public static BareHapiServer start(FhirContext ctx, ChelateOptions options) throws Exception {
        RestfulServer restful = new RestfulServer(ctx);
        HashMapResourceProvider<Patient> patients = new HashMapResourceProvider<>(ctx, Patient.class);
        HashMapResourceProvider<MedicationStatement> statements = new HashMapResourceProvider<>(ctx, MedicationStatement.class);
        HashMapResourceProvider<MedicationRequest> requests = new HashMapResourceProvider<>(ctx, MedicationRequest.class);
        HashMapResourceProvider<Observation> observations = new HashMapResourceProvider<>(ctx, Observation.class);
        HashMapResourceProvider<Condition> conditions = new HashMapResourceProvider<>(ctx, Condition.class);
        HashMapResourceProvider<Medication> medications = new HashMapResourceProvider<>(ctx, Medication.class);
        restful.registerProviders(patients, statements, requests, observations, conditions, medications);
        ChelatePlugin plugin = ChelatePlugin.register(restful,
                new HashMapRecordSource(patients, statements, requests, observations, conditions, medications), options);

        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(restful), "/fhir/*");
        jetty.setHandler(context);
        jetty.start();
        return new BareHapiServer(jetty, "http://127.0.0.1:" + connector.getLocalPort() + "/fhir", plugin);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public ChelatePlugin plugin() {
        return plugin;
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
