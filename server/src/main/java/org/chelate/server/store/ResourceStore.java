package org.chelate.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The versioned resource store over JDBC. Every unit of work runs on one connection: writes in one database
 * transaction (all or nothing), reads with auto-commit.
 */
public final class ResourceStore {

    private final DataSource dataSource;
    private final Runnable awaitWritten;
    private final WriteLocks locks = new WriteLocks();

    public ResourceStore(Database database) {
        this.dataSource = database.dataSource();
        this.awaitWritten = database::awaitWritten;
    }

    /**
     * Runs work in one transaction: committed when it returns (and, on H2, written to the file before this returns),
     * rolled back when it throws.
     */
    public <T> T inTransaction(Function<StoreTransaction, T> work) {
        return inTransaction(List.of(), work);
    }

    /**
     * Like {@link #inTransaction(Function)}, holding the {@link WriteLocks} of the given keys (null keys ignored)
     * from before a connection is taken until the commit: writers of one resource (or one create condition) reach the
     * database one at a time. The wait for the file write comes after the locks are released; a later writer that
     * saw this commit waits for a file write that includes it.
     */
    public <T> T inTransaction(Collection<String> lockKeys, Function<StoreTransaction, T> work) {
        T result = lockKeys.isEmpty() ? commit(work) : locks.withLocks(lockKeys, () -> commit(work));
        awaitWritten.run();
        return result;
    }

    private <T> T commit(Function<StoreTransaction, T> work) {
        try (Connection connection = connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new StoreTransaction(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("database transaction failed: " + e.getMessage(), e);
        }
    }

    /** Runs read-only work on a connection of its own. */
    public <T> T read(Function<StoreTransaction, T> work) {
        try (Connection connection = connect()) {
            return work.apply(new StoreTransaction(connection));
        } catch (SQLException e) {
            throw new StoreException("database read failed: " + e.getMessage(), e);
        }
    }

    private Connection connect() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no database connection: " + e.getMessage(), e, true);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
