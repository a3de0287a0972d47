package org.chelate.server.store;

import java.sql.SQLException;

/** What a failed SQL statement means to the store: a lock conflict, a unique violation, or a failure to report. */
final class SqlFailures {

    private SqlFailures() {
    }

    /** A lock wait that timed out or a deadlock (H2 50200 / 40001, PostgreSQL 55P03 / 40P01). */
    static boolean isLockConflict(SQLException e) {
        String state = e.getSQLState();
        return e.getErrorCode() == 50200 || "HYT00".equals(state) || "40001".equals(state) || "55P03".equals(state)
                || "40P01".equals(state);
    }

    static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return "23505".equals(state) || (state != null && state.startsWith("23") && String.valueOf(e.getMessage())
                .toUpperCase(java.util.Locale.ROOT).contains("UNIQUE"));
    }

    static StoreException failure(String what, SQLException e) {
        return new StoreException("store could not " + what + ": " + e.getMessage(), e);
    }
}
