package org.chelate.server;

import java.nio.file.Path;
import java.util.Objects;
import org.chelate.plugin.cdshooks.IssuedCardRetention;
import org.chelate.server.security.SecuritySettings;
import org.chelate.server.store.DatabaseConfig;

/**
 * Everything the server needs to start. {@link org.chelate.server.config.ServerOptions} reads it from flags and
 * environment; tests build it with {@link #builder()} or {@link #toBuilder()}.
 *
 * <p>To add a setting: a component here, a field and setter in {@link Builder} (copied in {@link #toBuilder()}), and an
 * {@code @Option} in {@code ServerOptions}.
 *
 * @param dbUrl a JDBC URL, or null for the embedded H2 file under {@code dataDir}
 * @param security who may call the server (tokens, trusted CDS clients, limits); see docs/security.md
 * @param knowledgeFile a knowledge pack to use instead of the one shipped in the plugin, or null
 * @param cdsCardRetention how long issued CDS cards are remembered for feedback (age and count)
 * @param validateWrites refuse creates and updates that fail validation (base R4 and the Chelate profiles) with 422
 * @param dbPoolSize most connections this instance opens to the database (the sum over instances must fit the server)
 */
public record ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
        SecuritySettings security, Path knowledgeFile, IssuedCardRetention cdsCardRetention, boolean validateWrites,
        int dbPoolSize) {

    public ServerConfig {
        Objects.requireNonNull(cdsCardRetention, "cdsCardRetention");
    }

    /** Without security settings: nothing trusted, so open on loopback and refused elsewhere. */
    public ServerConfig(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword) {
        this(host, port, dataDir, dbUrl, dbUser, dbPassword, SecuritySettings.none(), null,
                IssuedCardRetention.DEFAULT, false, DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .database(dbUrl, dbUser, dbPassword)
                .security(security)
                .knowledgeFile(knowledgeFile)
                .cdsCardRetention(cdsCardRetention)
                .validateWrites(validateWrites)
                .dbPoolSize(dbPoolSize);
    }

    public ServerConfig withPort(int newPort) {
        return toBuilder().port(newPort).build();
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return toBuilder().dataDir(newDataDir).build();
    }

    public ServerConfig withDatabase(String url, String user, String password) {
        return toBuilder().database(url, user, password).build();
    }

    /** Keeps the database password out of logs. */
    @Override
    public String toString() {
        return "ServerConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", dbUrl=" + dbUrl
                + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword == null ? null : "***")
                + ", security=" + security + ", knowledgeFile=" + knowledgeFile
                + ", cdsCardRetention=" + cdsCardRetention + ", validateWrites=" + validateWrites
                + ", dbPoolSize=" + dbPoolSize + "]";
    }

    /** The store: the given JDBC URL, or the embedded H2 file under the data directory. */
    public DatabaseConfig database() {
        return (dbUrl == null || dbUrl.isBlank()
                ? DatabaseConfig.h2File(dataDir)
                : new DatabaseConfig(dbUrl, dbUser, dbPassword)).withPoolSize(dbPoolSize);
    }

    /** Holds the defaults; every setter returns the builder. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private SecuritySettings security = SecuritySettings.none();
        private Path knowledgeFile;
        private IssuedCardRetention cdsCardRetention = IssuedCardRetention.DEFAULT;
        private boolean validateWrites;
        private int dbPoolSize = DatabaseConfig.DEFAULT_POOL_SIZE;

        private Builder() {
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder database(String url, String user, String password) {
            dbUrl = url;
            dbUser = user;
            dbPassword = password;
            return this;
        }

        public Builder security(SecuritySettings value) {
            security = value;
            return this;
        }

        public Builder knowledgeFile(Path value) {
            knowledgeFile = value;
            return this;
        }

        public Builder cdsCardRetention(IssuedCardRetention value) {
            cdsCardRetention = value;
            return this;
        }

        public Builder validateWrites(boolean value) {
            validateWrites = value;
            return this;
        }

        public Builder dbPoolSize(int value) {
            dbPoolSize = value;
            return this;
        }

        public ServerConfig build() {
            return new ServerConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, security, knowledgeFile,
                    cdsCardRetention, validateWrites, dbPoolSize);
        }
    }
}
