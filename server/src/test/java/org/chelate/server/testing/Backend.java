package org.chelate.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.chelate.server.ServerConfig;
import org.junit.jupiter.api.Assumptions;

/**
 * The stores the integration tests run against, through the same test code: {@code @EnumSource(Backend.class)}.
 * PostgreSQL is used when CHELATE_TEST_PG_URL is set (with CHELATE_TEST_PG_USER and CHELATE_TEST_PG_PASSWORD);
 * otherwise its cases are skipped with the reason. Each server gets a fresh H2 file or a fresh PostgreSQL schema.
 */
public enum Backend {
    H2,
    POSTGRES;

    public static final String PG_URL_ENV = "CHELATE_TEST_PG_URL";
    public static final String PG_USER_ENV = "CHELATE_TEST_PG_USER";
    public static final String PG_PASSWORD_ENV = "CHELATE_TEST_PG_PASSWORD";

    /** A config on a free port with an empty store of this kind; skips the test when the store is not available. */
    public ServerConfig freshConfig(Path dataDir) {
        ServerConfig base = ServerConfig.defaults().withPort(0).withDataDir(dataDir);
        if (this == H2) {
            return base;
        }
        String url = System.getenv(PG_URL_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "PostgreSQL tests skipped: set " + PG_URL_ENV + " (e.g. jdbc:postgresql://127.0.0.1:5432/chelate_test), "
                        + PG_USER_ENV + " and " + PG_PASSWORD_ENV + "; .ci/run does this");
        String user = System.getenv(PG_USER_ENV);
        String password = System.getenv(PG_PASSWORD_ENV);
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test schema on " + url + ": " + e.getMessage(), e);
        }
        String separator = url.contains("?") ? "&" : "?";
        return base.withDatabase(url + separator + "currentSchema=" + schema, user, password);
    }
}
