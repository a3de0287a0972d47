package org.chelate.server;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.chelate.plugin.cdshooks.CdsHooksService;
import org.chelate.plugin.knowledge.KnowledgePack;
import org.chelate.plugin.ChelateOptions;
import org.chelate.plugin.ChelatePlugin;
import org.chelate.server.app.AppMount;
import org.chelate.server.cds.CdsHooksMount;
import org.chelate.server.cds.JdbcFeedbackStore;
import org.chelate.terminology.fhir.TerminologyProviders;
import org.chelate.server.fhir.ChelateRestfulServer;
import org.chelate.server.fhir.FhirEndpointSettings;
import org.chelate.server.http.FormattedErrorHandler;
import org.chelate.server.security.InsecureStartException;
import org.chelate.server.security.ServerSecurity;
import org.chelate.server.security.limits.SlowClientLimits;
import org.chelate.server.store.Database;
import org.chelate.server.store.DatabaseConfig;
import org.chelate.server.store.IndexedParams;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running server: embedded Jetty with the FHIR endpoint at /fhir and the health check at /health. */
public final class ChelateServer implements AutoCloseable {

    /** How long a stop waits for in-flight requests before cutting them off. */
    static final long STOP_TIMEOUT_MILLIS = 20_000;
    /** While stopping, a connection silent this long is closed (Jetty's default of 1 s cuts off slow uploads). */
    static final long SHUTDOWN_IDLE_TIMEOUT_MILLIS = 5_000;
    private static final int STORE_LOGIN_TIMEOUT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(ChelateServer.class);
    /**
     * The validator holds the whole R4 spec twice (its R4 and R5 models): about 190 MB of live heap that only
     * {@code $validate} needs, so it is built by the first {@code $validate} instead of at start (docs/benchmarks.md,
     * "Memory").
     */
    private static final Executor BUILD_VALIDATOR_ON_FIRST_USE = validatorWarmUp -> { };

    private final Server jetty;
    private final Database database;
    private final ServerConnector connector;
    private final ServerSecurity security;
    private final AfterStart afterStart;
    private final JdbcFeedbackStore cdsFeedback;

    private ChelateServer(Server jetty, ServerConnector connector, Database database, ServerSecurity security,
            AfterStart afterStart, JdbcFeedbackStore cdsFeedback) {
        this.afterStart = afterStart;
        this.cdsFeedback = cdsFeedback;
        this.jetty = jetty;
        this.connector = connector;
        this.database = database;
        this.security = security;
    }

    /**
     * Opens the store, then listens.
     *
     * @throws StartupException when the store cannot be opened or the address cannot be bound, with a one-line reason
     */
    public static ChelateServer start(ServerConfig config) throws StartupException {
        long started = System.nanoTime();
        // The store's open (mostly class loading: H2, Hikari, Flyway) and HAPI's model scan, the knowledge pack and
        // the terminology tables each take a second or more on a cold JVM: the store opens on this thread while the
        // others are prepared side by side.
        CompletableFuture<FhirContext> fhirModel = CompletableFuture.supplyAsync(ChelateServer::scannedFhirContext);
        CompletableFuture<IndexedParams> indexedParams = fhirModel.thenCompose(IndexedParams::preload);
        CompletableFuture<List<Object>> terminology = fhirModel.thenApplyAsync(TerminologyProviders::providers);
        CompletableFuture<KnowledgePack> knowledge =
                CompletableFuture.supplyAsync(() -> knowledgePack(config.knowledgeFile()));
        // security first: a server that would expose patient data must not even open the store
        ServerSecurity security = configureSecurity(config);
        Database database = openStore(config.database());
        security.shareCdsTokenIds(database.dataSource());
        long storeOpened = System.nanoTime();
        // warm-ups (CDS Hooks rules, the validator's snapshots) take seconds of CPU: on two cores they would slow the
        // start they are meant to speed up, so they run once the server answers
        AfterStart afterStart = new AfterStart();
        JdbcFeedbackStore cdsFeedback = new JdbcFeedbackStore(database.dataSource(), Clock.systemUTC(),
                config.cdsCardRetention());
        try {
            FhirContext fhirContext = fhirModel.join();
            indexedParams.join();
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("chelate-http");
            Server jetty = new Server(threads);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost(config.host());
            connector.setPort(config.port());
            connector.setShutdownIdleTimeout(SHUTDOWN_IDLE_TIMEOUT_MILLIS);
            jetty.addConnector(connector);

            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/");
            KnowledgePack pack = awaitKnowledge(knowledge);
            ChelateRestfulServer fhir = new ChelateRestfulServer(fhirContext, database);
            fhir.registerProviders(terminology.join());
            security.protectFhir(fhir);
            context.addServlet(new ServletHolder("fhir", fhir), "/fhir/*");
            security.protectFhirPath(context, "/fhir/*");
            context.addFilter(new FilterHolder(new CoalescingOutputFilter()), "/fhir/*",
                    EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder("health", new HealthServlet(database)), "/health");
            // CDS Hooks: the same knowledge pack as the regimen summary, fallback fetches limited by the allowlist
            CdsHooksService cds = CdsHooksMount.mount(context, cdsFeedback, pack, security.outboundFetchPolicy(),
                    afterStart);
            security.protectCds(context, ServerSecurity.CDS_PATH_SPEC, cds::parse);
            ChelatePlugin.register(fhir, fhir.patientRecordSource(), ChelateOptions.defaults().withKnowledgePack(pack)
                            .withValidateIncomingWrites(config.validateWrites()),
                    BUILD_VALIDATOR_ON_FIRST_USE);
            AppMount.mount(context, fhir, cds, security.smartConfiguration(),
                    AppMount.launchUrl(config.security().publicUrl(), connector));
            // hostile clients (issue 13): slow bodies hold no thread, Jetty's own errors in the API's format
            SlowClientLimits.apply(connector);
            long largestBody = Math.max(FhirEndpointSettings.DEFAULT_MAX_BODY_BYTES, config.security().maxBodyBytes());
            jetty.setHandler(new StoppingHandler(security.wrap(SlowClientLimits.wrap(context, largestBody))));
            FormattedErrorHandler errors = new FormattedErrorHandler();
            jetty.setErrorHandler(errors);
            context.setErrorHandler(errors);
            jetty.setStopAtShutdown(false);
            jetty.setStopTimeout(STOP_TIMEOUT_MILLIS);
            long endpointBuilt = System.nanoTime();
            startJetty(jetty, config);
            LOG.debug("start phases: store {} ms, FHIR endpoint {} ms, Jetty {} ms", millis(started, storeOpened),
                    millis(storeOpened, endpointBuilt), millis(endpointBuilt, System.nanoTime()));
            afterStart.release();
            return new ChelateServer(jetty, connector, database, security, afterStart, cdsFeedback);
        } catch (StartupException | RuntimeException | Error e) {
            afterStart.close();
            cdsFeedback.close();
            database.close();
            throw e;
        }
    }

    /** The R4 context with the resource types the server serves already scanned (otherwise done on first use). */
    private static FhirContext scannedFhirContext() {
        FhirContext context = FhirContext.forR4Cached();
        Stream.of("Bundle", "OperationOutcome", "CapabilityStatement", "Parameters")
                .forEach(context::getResourceDefinition);
        return context;
    }

    private static KnowledgePack knowledgePack(Path file) {
        try {
            return CdsHooksMount.knowledgeOrFail(file);
        } catch (StartupException e) {
            throw new CompletionException(e);
        }
    }

    private static KnowledgePack awaitKnowledge(CompletableFuture<KnowledgePack> knowledge) throws StartupException {
        try {
            return knowledge.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof StartupException startup) {
                throw startup;
            }
            throw e;
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static ServerSecurity configureSecurity(ServerConfig config) throws StartupException {
        try {
            return ServerSecurity.configure(config.host(), config.security());
        } catch (InsecureStartException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static Database openStore(DatabaseConfig store) throws StartupException {
        String where = describe(store);
        // A plain connection first: its failure is one clear driver message, where the pool would log a stack trace.
        DriverManager.setLoginTimeout(STORE_LOGIN_TIMEOUT_SECONDS);
        Connection probe;
        try {
            probe = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
        } catch (SQLException e) {
            throw new StartupException("cannot open the store at " + where + ": " + StartupException.rootMessage(e), e);
        }
        // held open while the pool starts, so that embedded H2 opens its file once, not twice
        try (probe) {
            return Database.open(store);
        } catch (RuntimeException | SQLException e) {
            throw new StartupException("cannot prepare the store at " + where + ": " + StartupException.rootMessage(e), e);
        }
    }

    private static void startJetty(Server jetty, ServerConfig config) throws StartupException {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly(jetty);
            String reason = e instanceof IOException ? StartupException.rootMessage(e) : e.toString();
            throw new StartupException("cannot listen on " + config.host() + ":" + config.port() + ": " + reason, e);
        }
    }

    private static void stopQuietly(Server jetty) {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // already failing to start: the start failure is the one to report
        }
    }

    /** The store for people: the JDBC URL without any password in it. */
    public static String describe(DatabaseConfig store) {
        String url = store.jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1***");
        if (store.isH2() && url.startsWith("jdbc:h2:file:")) {
            return "H2 file " + url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        }
        return url;
    }

    /** For the start line: what runs without authentication and why, or empty when everything needs it. */
    public String securityNote() {
        return security.startLineNote();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** e.g. http://127.0.0.1:8080 */
    public URI baseUri() {
        String host = host().contains(":") ? "[" + host() + "]" : host();
        return URI.create("http://" + host + ":" + port());
    }

    public URI fhirBase() {
        return URI.create(baseUri() + "/fhir");
    }

    public Database database() {
        return database;
    }

    /** Where the CDS Hooks endpoint keeps issued cards and feedback. */
    public JdbcFeedbackStore cdsFeedbackStore() {
        return cdsFeedback;
    }

    /** Stops taking connections, lets in-flight requests finish, then closes the store (CDS card pruning first). */
    @Override
    public void close() throws Exception {
        afterStart.close();
        try {
            jetty.stop();
        } catch (TimeoutException e) {
            // Jetty has stopped all the same; only the requests still running after the stop timeout were cut off
            LOG.warn("requests still running {} s after the stop began were cut off", STOP_TIMEOUT_MILLIS / 1000);
        } finally {
            cdsFeedback.close();
            database.close();
        }
    }
}
