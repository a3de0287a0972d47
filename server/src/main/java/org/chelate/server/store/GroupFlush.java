package org.chelate.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit for the embedded H2 store. H2 keeps committed changes in memory and writes them to its file in the
 * background; {@link #awaitWritten()} returns once a write to the file (H2's CHECKPOINT) has started after the
 * caller's commit and finished, so that a kill -9 right after cannot lose that commit. One write serves every commit
 * that was waiting for it, which is several times cheaper than H2's own write-per-commit (WRITE_DELAY=0).
 * The write reaches the operating system, not necessarily the disk platter: it survives a process crash, and an OS
 * crash only within the OS's own write-back window.
 */
final class GroupFlush {

    private final DataSource dataSource;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private long requested;
    private long done;
    private boolean writing;

    GroupFlush(DataSource dataSource) {
        this.dataSource = dataSource;
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
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no database connection to write committed changes: " + e.getMessage(), e, true);
        }
        try (connection; Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new StoreException("could not write committed changes to the database file: " + e.getMessage(), e);
        }
    }
}
