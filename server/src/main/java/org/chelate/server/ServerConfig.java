package org.chelate.server;

import java.nio.file.Path;
import org.chelate.server.store.DatabaseConfig;

/** Everything the server needs to start; {@link Main} reads it from flags and environment. */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword) {

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", 8080, Path.of("data"), null, null, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, dbUrl, dbUser, dbPassword);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return new ServerConfig(host, port, newDataDir, dbUrl, dbUser, dbPassword);
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return new ServerConfig(host, port, dataDir, url, user, password);
    }

    /** The store: the given JDBC URL, or the embedded H2 file under the data directory. */
    public DatabaseConfig database() {
        return dbUrl == null || dbUrl.isBlank()
                ? DatabaseConfig.h2File(dataDir)
                : new DatabaseConfig(dbUrl, dbUser, dbPassword);
    }
}
