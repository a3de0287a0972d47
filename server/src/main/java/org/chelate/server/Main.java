package org.chelate.server;

import java.lang.management.ManagementFactory;
import org.chelate.server.config.InvalidOptionsException;
import org.chelate.server.config.ServerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar chelate-server.jar [OPTIONS]}: exit 2 for bad options, 1 when the server cannot start. */
public final class Main {

    static final int EXIT_BAD_OPTIONS = 2;
    static final int EXIT_CANNOT_START = 1;

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions.Parsed parsed;
        try {
            parsed = ServerOptions.parse(args, System.getenv());
        } catch (InvalidOptionsException e) {
            System.err.println("chelate-server: " + e.getMessage());
            System.err.println("Run with --help to see the options.");
            System.exit(EXIT_BAD_OPTIONS);
            return;
        }
        if (parsed.helpRequested()) {
            System.out.print(ServerOptions.usage());
            return;
        }
        ServerConfig config = parsed.config();
        ChelateServer server;
        try {
            server = ChelateServer.start(config);
        } catch (StartupException e) {
            System.err.println("chelate-server: " + e.getMessage());
            System.exit(EXIT_CANNOT_START);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "chelate-shutdown"));
        String security = server.securityNote();
        LOG.info("Chelate ready at {} (store: {}; started in {} ms){}", server.fhirBase(),
                ChelateServer.describe(config.database()), ManagementFactory.getRuntimeMXBean().getUptime(),
                security.isEmpty() ? "" : " - " + security);
    }

    private static void stop(ChelateServer server) {
        LOG.info("Chelate stopping: finishing requests in flight");
        try {
            server.close();
            LOG.info("Chelate stopped");
        } catch (Exception e) {
            LOG.error("Chelate did not stop cleanly", e);
        }
    }
}
