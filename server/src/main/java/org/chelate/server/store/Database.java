package org.chelate.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The connection pool of the store, with its schema brought up to date by Flyway when opened. */
public final class Database implements AutoCloseable {

    private final DatabaseConfig config;
    private final HikariDataSource dataSource;
    private final GroupFlush groupFlush;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.groupFlush = config.isH2File() ? new GroupFlush(config) : null;
    }

    /** Opens the pool and migrates the schema; fails with the driver's message when the database cannot be reached. */
    public static Database open(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setPoolName("chelate-store");
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setConnectionTimeout(10_000);
        hikari.setValidationTimeout(2_000);
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/common")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(config, dataSource);
    }

    /**
     * Returns once everything committed before the call is in the database file (embedded H2; a no-op for
     * PostgreSQL, whose commit is durable by itself). Call it after a commit and before acknowledging the write.
     */
    public void awaitWritten() {
        if (groupFlush != null) {
            groupFlush.awaitWritten();
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** True when a connection can be had and answers a trivial query within two seconds. */
    public boolean isHealthy() {
        if (dataSource.isClosed()) {
            return false;
        }
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(2);
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            dataSource.close();
        } finally {
            if (groupFlush != null) {
                groupFlush.close();
            }
        }
    }
}
