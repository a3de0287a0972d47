package org.chelate.server.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the store lives: a JDBC URL and its credentials (user and password may be empty for embedded H2), and how many
 * connections this instance's pool opens at most ({@code --db-pool-size}).
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 16;
    /** A floor that leaves connections for requests beside the background work (pruning, purging). */
    public static final int MIN_POOL_SIZE = 4;
    /** More than PostgreSQL serves well from one client; beyond it, put a pooler (PgBouncer) in front. */
    public static final int MAX_POOL_SIZE = 500;

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (poolSize < MIN_POOL_SIZE || poolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("pool size must be between " + MIN_POOL_SIZE + " and " + MAX_POOL_SIZE
                    + ", got " + poolSize);
        }
    }

    public DatabaseConfig(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, DEFAULT_POOL_SIZE);
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    /**
     * The embedded default: an H2 file under the data directory.
     * Commits reach the file before the 201 is sent, so a kill -9 loses no acknowledged write: the resource store
     * waits for a group write after each commit ({@link Database#awaitWritten()}), which is several times faster than
     * H2 writing on every commit (WRITE_DELAY=0). WRITE_DELAY=100 bounds how long any other commit stays in memory.
     * LOCK_TIMEOUT=10000: updates of one resource queue on its row lock for up to 10 s (H2's default is 2 s).
     * DB_CLOSE_ON_EXIT=FALSE stops H2's own shutdown hook from closing the database under requests still in flight
     * on SIGTERM; the server closes the pool itself once Jetty has stopped.
     */
    public static DatabaseConfig h2File(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("chelate");
        return new DatabaseConfig("jdbc:h2:file:" + file + ";WRITE_DELAY=100;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE", "sa", "");
    }

    public boolean isPostgres() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    /** An H2 database in a file (not in memory): its commits need {@link Database#awaitWritten()} to be durable. */
    public boolean isH2File() {
        return isH2() && !jdbcUrl.startsWith("jdbc:h2:mem:");
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
