package org.chelate.server;

import java.nio.file.Path;

/** Command-line entry point: java -jar chelate-server.jar [--port N] [--data-dir DIR] ... */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServerConfig config = ServerConfig.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> config = config.withPort(Integer.parseInt(args[++i]));
                case "--data-dir" -> config = config.withDataDir(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ChelateServer server = ChelateServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                e.printStackTrace();
            }
        }, "chelate-shutdown"));
        System.out.println("Chelate FHIR server ready at " + server.fhirBase());
    }
}
