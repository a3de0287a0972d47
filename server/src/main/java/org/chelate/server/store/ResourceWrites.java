package org.chelate.server.store;

import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Optional;
import org.chelate.server.store.StoreTransaction.VersionedBody;

/**
 * The writes of a {@link StoreTransaction}: the resource row, a version row and the version's index rows. An update
 * or delete locks the resource row ({@code SELECT ... FOR UPDATE}) before checking its version.
 */
final class ResourceWrites {

    private final Connection connection;

    ResourceWrites(Connection connection) {
        this.connection = connection;
    }


    /** Creates a new resource with a server-assigned id (version 1). */
    WriteResult create(String type, String id, VersionedBody body, ResourceIndex index) {
        return insertNew(type, id, body, index, "POST");
    }

    private WriteResult insertNew(String type, String id, VersionedBody body, ResourceIndex index, String method) {
        long now = System.currentTimeMillis();
        String rendered = body.render(1, now);
        long pk;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fhir_resource (res_type, res_id, res_version, updated_ms, deleted) VALUES (?, ?, 1, ?, FALSE)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, type);
            insert.setString(2, id);
            insert.setLong(3, now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                pk = keys.getLong(1);
            }
        } catch (SQLException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ResourceVersionConflictException(
                        type + "/" + id + " was created by another request at the same time; retry the request");
            }
            throw SqlFailures.failure("create " + type, e);
        }
        insertVersion(pk, type, id, 1, now, method, rendered);
        insertIndex(pk, type, index);
        return new WriteResult(type, id, 1, now, true, rendered);
    }

    /**
     * Writes a new version of type/id, or creates it with that id when it does not exist (or was deleted).
     * With expectedVersion (from If-Match) the write happens only when it is the current version, else 412.
     */
    WriteResult update(String type, String id, Long expectedVersion, VersionedBody body, ResourceIndex index) {
        Optional<CurrentRow> current = lockCurrent(type, id);
        if (current.isEmpty()) {
            if (expectedVersion != null) {
                throw new PreconditionFailedException("If-Match asks for version " + expectedVersion + " of " + type
                        + "/" + id + ", which does not exist; create it without If-Match");
            }
            return insertNew(type, id, body, index, "PUT");
        }
        CurrentRow row = current.get();
        if (expectedVersion != null && expectedVersion != row.version()) {
            throw new PreconditionFailedException("Version conflict: If-Match names version " + expectedVersion + " of "
                    + type + "/" + id + " but the current version is " + row.version()
                    + "; read the resource again and re-apply your change");
        }
        long version = row.version() + 1;
        long now = Math.max(System.currentTimeMillis(), row.updatedMs());
        String rendered = body.render(version, now);
        setCurrent(row.pk(), version, now, false);
        insertVersion(row.pk(), type, id, version, now, "PUT", rendered);
        if (!row.deleted()) {
            deleteIndex(row.pk());
        }
        insertIndex(row.pk(), type, index);
        return new WriteResult(type, id, version, now, row.deleted(), rendered);
    }

    /** Deletes type/id (a new version marking it deleted); deleting a deleted resource changes nothing. */
    WriteResult delete(String type, String id) {
        CurrentRow row = lockCurrent(type, id).orElseThrow(() -> new ResourceNotFoundException(
                "Resource " + type + "/" + id + " is not known"));
        if (row.deleted()) {
            return new WriteResult(type, id, row.version(), row.updatedMs(), false, null);
        }
        long version = row.version() + 1;
        long now = Math.max(System.currentTimeMillis(), row.updatedMs());
        setCurrent(row.pk(), version, now, true);
        insertVersion(row.pk(), type, id, version, now, "DELETE", null);
        deleteIndex(row.pk());
        return new WriteResult(type, id, version, now, false, null);
    }

    private record CurrentRow(long pk, long version, long updatedMs, boolean deleted) {
    }

    private Optional<CurrentRow> lockCurrent(String type, String id) {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT res_pk, res_version, updated_ms, deleted FROM fhir_resource WHERE res_type = ? AND res_id = ?"
                        + " FOR UPDATE")) {
            select.setString(1, type);
            select.setString(2, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CurrentRow(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getBoolean(4)));
            }
        } catch (SQLException e) {
            if (SqlFailures.isLockConflict(e)) {
                throw new ResourceVersionConflictException(type + "/" + id + " is being changed by other requests; "
                        + "retry the request");
            }
            throw SqlFailures.failure("lock " + type + "/" + id, e);
        }
    }

    private void setCurrent(long pk, long version, long updatedMs, boolean deleted) {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE fhir_resource SET res_version = ?, updated_ms = ?, deleted = ? WHERE res_pk = ?")) {
            update.setLong(1, version);
            update.setLong(2, updatedMs);
            update.setBoolean(3, deleted);
            update.setLong(4, pk);
            update.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("update resource row", e);
        }
    }

    private void insertVersion(long pk, String type, String id, long version, long updatedMs, String method,
            String body) {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO fhir_resource_version (res_pk, res_version, res_type, res_id, updated_ms, method, body)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, pk);
            insert.setLong(2, version);
            insert.setString(3, type);
            insert.setString(4, id);
            insert.setLong(5, updatedMs);
            insert.setString(6, method);
            if (body == null) {
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setString(7, body);
            }
            insert.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("insert version", e);
        }
    }

    private void deleteIndex(long pk) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM idx_value WHERE res_pk = ?")) {
            delete.setLong(1, pk);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw SqlFailures.failure("delete index rows", e);
        }
    }

    /** All index rows of a version in one batch (see V2__single_index_table.sql for the column meanings). */
    private void insertIndex(long pk, String type, ResourceIndex index) {
        if (index.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO idx_value (res_pk, res_type, param, s1, s2, n1, n2) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (ResourceIndex.Token token : index.tokens()) {
                addIndexRow(insert, pk, type, token.param(), token.code(), token.system(), null, null);
            }
            for (ResourceIndex.Text text : index.strings()) {
                addIndexRow(insert, pk, type, text.param(), text.normalized(), text.exact(), null, null);
            }
            for (ResourceIndex.Ref ref : index.references()) {
                addIndexRow(insert, pk, type, ref.param(), ref.targetId(), ref.targetType(), null, null);
            }
            for (ResourceIndex.DateSpan span : index.dates()) {
                addIndexRow(insert, pk, type, span.param(), null, null, span.lowMs(), span.highMs());
            }
            for (ResourceIndex.Amount amount : index.amounts()) {
                addIndexRow(insert, pk, type, amount.param(), amount.code(), amount.system(), amount.micros(),
                        amount.micros());
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw SqlFailures.failure("insert index rows", e);
        }
    }

    private static void addIndexRow(PreparedStatement insert, long pk, String type, String param, String s1, String s2,
            Long n1, Long n2) throws SQLException {
        insert.setLong(1, pk);
        insert.setString(2, type);
        insert.setString(3, param);
        insert.setString(4, s1);
        insert.setString(5, s2);
        if (n1 == null) {
            insert.setNull(6, Types.BIGINT);
            insert.setNull(7, Types.BIGINT);
        } else {
            insert.setLong(6, n1);
            insert.setLong(7, n2);
        }
        insert.addBatch();
    }
}
