package org.chelate.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.sql.DriverManager;

/**
 * Group commit for the embedded H2 store. H2 keeps committed changes in memory and writes them to its file in the
 * background; {@link #awaitWritten()} returns once a write to the file (H2's CHECKPOINT) has started after the
 * caller's commit and finished, so that a kill -9 right after cannot lose that commit. One write serves every commit
 * that was waiting for it, which is several times cheaper than H2's own write-per-commit (WRITE_DELAY=0).
 * The write reaches the operating system, not necessarily the disk platter: it survives a process crash, and an OS
 * crash only within the OS's own write-back window.
 */
final class GroupFlush {

    private final DatabaseConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long requested;
    private long done;
    private boolean writing;
    /** Its own connection, used by one writer at a time: a flush never waits for the pool that commits hold. */
    private Connection connection;

    GroupFlush(DatabaseConfig config) {
        this.config = config;
    }

    /** Blocks until everything committed before this call is in the database file. */
    void awaitWritten() {
        lock.lock();
        try {
            long ticket = ++requested;
            while (done < ticket) {
                if (writing) {
                    written.awaitUninterruptibly();
                    continue;
                }
                writing = true;
                long upTo = requested;
                lock.unlock();
                boolean ok = false;
                try {
                    checkpoint();
                    ok = true;
                } finally {
                    lock.lock();
                    writing = false;
                    if (ok) {
                        done = Math.max(done, upTo);
                    }
                    written.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkpoint() {
        try {
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
            }
        } catch (SQLException e) {
            throw new StoreException("no database connection to write committed changes: " + e.getMessage(), e, true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            closeQuietly();
            throw new StoreException("could not write committed changes to the database file: " + e.getMessage(), e);
        }
    }

    /** Closes the flush connection (after the pool: the last connection to close lets H2 close the file). */
    void close() {
        lock.lock();
        try {
            closeQuietly();
        } finally {
            lock.unlock();
        }
    }

    private void closeQuietly() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after a failure: nothing more to do
            }
            connection = null;
        }
    }
}
