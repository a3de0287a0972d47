package org.chelate.server.app;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.server.fhir.ChelateRestfulServer;
import org.chelate.server.security.discovery.SmartConfiguration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The clinician view (a SMART on FHIR app, docs in README "Clinician view"): its static files at {@value #PATH_SPEC}
 * and the {@code Patient/{id}/$clinician-view} operation it reads the CDS cards through, under the FHIR API's own
 * authorization.
 */
public final class AppMount {

    public static final String PATH_SPEC = "/app/*";
    public static final String LAUNCH_PAGE = "/app/launch.html";
    static final Duration PAGE_BUDGET = Duration.ofSeconds(20);

    private AppMount() {
    }

    /**
     * Call before the server starts. {@code smart} is null when the FHIR API takes no tokens; every CDS card links to
     * the app's launch page at {@code launchUrl} (CDS Hooks 2.0 {@code smart} link).
     */
    public static void mount(ServletContextHandler context, ChelateRestfulServer fhir, CdsHooksService cds,
            SmartConfiguration smart, Supplier<String> launchUrl) {
        cds.linkCardsToApp(launchUrl);
        // the same engine, pack and issued-card store as /cds-services, with a budget for a page rather than an EHR's
        // hook: a card cut short by the hook budget would read as "checked and fine"
        CdsHooksService forPage = new CdsHooksService(cds.pack(), cds.config().withBudget(PAGE_BUDGET),
                cds.feedbackStore());
        forPage.linkCardsToApp(launchUrl);
        fhir.registerProvider(new ClinicianViewProvider(fhir.patientRecordSource(), forPage));
        URI tokenEndpoint = smart == null ? null : smart.tokenUrl();
        context.addServlet(new ServletHolder("clinician-view", new AppServlet(tokenEndpoint)), PATH_SPEC);
    }

    /**
     * The app's launch page as clients reach it: under {@code --public-url} when set, else at the address the server
     * listens on (read when a card is made, so a free port picked at start is the one named).
     */
    public static Supplier<String> launchUrl(URI publicUrl, ServerConnector connector) {
        return () -> {
            String base = publicUrl != null ? publicUrl.toString().replaceAll("/+$", "")
                    : "http://" + (connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost())
                            + ":" + connector.getLocalPort();
            return base + LAUNCH_PAGE;
        };
    }
}
