package org.chelate.server;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import org.chelate.server.fhir.ChelateRestfulServer;
import org.chelate.server.store.Database;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The running server: embedded Jetty with the FHIR endpoint at /fhir and the health check at /health. */
public final class ChelateServer implements AutoCloseable {

    private final Server jetty;
    private final Database database;
    private final ServerConnector connector;

    private ChelateServer(Server jetty, ServerConnector connector, Database database) {
        this.jetty = jetty;
        this.connector = connector;
        this.database = database;
    }

    public static ChelateServer start(ServerConfig config) throws Exception {
        Database database = Database.open(config.database());
        try {
            FhirContext fhirContext = FhirContext.forR4Cached();
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("chelate-http");
            Server jetty = new Server(threads);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(config.host());
            connector.setPort(config.port());
            jetty.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            context.addServlet(new ServletHolder("fhir", new ChelateRestfulServer(fhirContext, database)), "/fhir/*");
            context.addServlet(new ServletHolder("health", new HealthServlet(database)), "/health");
            jetty.setHandler(context);
            jetty.setStopAtShutdown(false);
            jetty.setStopTimeout(10_000);
            jetty.start();
            return new ChelateServer(jetty, connector, database);
        } catch (Exception | Error e) {
            database.close();
            throw e;
        }
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** e.g. http://127.0.0.1:8080 */
    public URI baseUri() {
        return URI.create("http://" + host() + ":" + port());
    }

    public URI fhirBase() {
        return URI.create(baseUri() + "/fhir");
    }

    public Database database() {
        return database;
    }

    /** Stops taking connections, lets in-flight requests finish, then closes the store. */
    @Override
    public void close() throws Exception {
        try {
            jetty.stop();
        } finally {
            database.close();
        }
    }
}
