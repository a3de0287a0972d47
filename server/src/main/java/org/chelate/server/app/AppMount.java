package org.chelate.server.app;

import java.net.URI;
import java.time.Duration;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.server.fhir.ChelateRestfulServer;
import org.chelate.server.security.discovery.SmartConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/**
 * The clinician view (a SMART on FHIR app, docs in README "Clinician view"): its static files at {@value #PATH_SPEC}
 * and the {@code Patient/{id}/$clinician-view} operation it reads the CDS cards through, under the FHIR API's own
 * authorization.
 */
public final class AppMount {

    public static final String PATH_SPEC = "/app/*";
    static final Duration PAGE_BUDGET = Duration.ofSeconds(20);

    private AppMount() {
    }

    /** Call before the FHIR servlet starts. {@code smart} is null when the FHIR API takes no tokens. */
    public static void mount(ServletContextHandler context, ChelateRestfulServer fhir, CdsHooksService cds,
            SmartConfiguration smart) {
        // the same engine, pack and issued-card store as /cds-services, with a budget for a page rather than an EHR's
        // hook: a card cut short by the hook budget would read as "checked and fine"
        CdsHooksService forPage = new CdsHooksService(cds.pack(), cds.config().withBudget(PAGE_BUDGET),
                cds.feedbackStore());
        fhir.registerProvider(new ClinicianViewProvider(fhir.patientRecordSource(), forPage));
        URI tokenEndpoint = smart == null ? null : smart.tokenUrl();
        context.addServlet(new ServletHolder("clinician-view", new AppServlet(tokenEndpoint)), PATH_SPEC);
    }
}
