package org.chelate.server.store;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The store's operations on one connection. Writes lock the resource row ({@code SELECT ... FOR UPDATE}) before
 * checking its version, so concurrent updates of one resource serialise and an {@code If-Match} check can never be
 * overtaken by another writer.
 */
public final class StoreTransaction {

    /** Renders the stored body of a new version once its number and time are known. */
    @FunctionalInterface
    public interface VersionedBody {
        String render(long version, long updatedMs);
    }

    private static final String CURRENT_COLUMNS =
            "SELECT r.res_pk, r.res_type, r.res_id, r.res_version, r.updated_ms, r.deleted, v.body"
                    + " FROM fhir_resource r JOIN fhir_resource_version v"
                    + " ON v.res_pk = r.res_pk AND v.res_version = r.res_version";

    private final Connection connection;
    private final ResourceWrites writes;

    Connection connection() {
        return connection;
    }

    StoreTransaction(Connection connection) {
        this.connection = connection;
        this.writes = new ResourceWrites(connection);
    }

    // ---- writes (ResourceWrites)

    /** Creates a new resource with a server-assigned id (version 1). */
    public WriteResult create(String type, String id, VersionedBody body, ResourceIndex index) {
        return writes.create(type, id, body, index);
    }

    /**
     * Writes a new version of type/id, or creates it with that id when it does not exist (or was deleted).
     * With expectedVersion (from If-Match) the write happens only when it is the current version, else 412.
     */
    public WriteResult update(String type, String id, Long expectedVersion, VersionedBody body, ResourceIndex index) {
        return writes.update(type, id, expectedVersion, body, index);
    }

    /** Deletes type/id (a new version marking it deleted); deleting a deleted resource changes nothing. */
    public WriteResult delete(String type, String id) {
        return writes.delete(type, id);
    }

    // ---- reads

    /** The current version of type/id (possibly a deletion), or empty when it never existed. */
    public Optional<StoredVersion> readCurrent(String type, String id) {
        List<StoredVersion> found = query(CURRENT_COLUMNS + " WHERE r.res_type = ? AND r.res_id = ?", List.of(type, id));
        return found.stream().findFirst();
    }

    /** Version n of type/id, or empty. */
    public Optional<StoredVersion> readVersion(String type, String id, long version) {
        List<StoredVersion> found = query(
                "SELECT v.res_pk, v.res_type, v.res_id, v.res_version, v.updated_ms, v.method = 'DELETE', v.body"
                        + " FROM fhir_resource r JOIN fhir_resource_version v ON v.res_pk = r.res_pk"
                        + " WHERE r.res_type = ? AND r.res_id = ? AND v.res_version = ?",
                List.of(type, id, version));
        return found.stream().findFirst();
    }

    /** The live (not deleted) current versions of the given ids of one type. */
    public List<StoredVersion> readLive(String type, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>();
        args.add(type);
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (String id : ids) {
            marks.add("?");
            args.add(id);
        }
        return query(CURRENT_COLUMNS + " WHERE r.res_type = ? AND r.deleted = FALSE AND r.res_id IN " + marks, args);
    }

    /** The search's SQL: from the index rows alone where it can be, else from the resource rows. */
    private static SearchSql searchSql(SearchSpec spec) {
        SearchSql byIndex = SearchSql.byIndex(spec);
        return byIndex != null ? byIndex : SearchSql.of(spec);
    }

    public long count(SearchSpec spec) {
        SearchSql sql = searchSql(spec);
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(DISTINCT " + sql.key() + ")"
                + sql.from() + sql.where())) {
            bind(select, sql.args(), 1);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("count " + spec.resourceType(), e);
        }
    }

    /**
     * One page of matches, in the spec's order. The page's keys are found first and only their bodies are read, so
     * a patient with thousands of observations costs one index walk, not thousands of body reads.
     */
    public List<StoredVersion> search(SearchSpec spec, int offset, int limit) {
        SearchSql sql = searchSql(spec);
        List<Object> args = new ArrayList<>(sql.args());
        args.addAll(sql.orderArgs());
        args.add(offset);
        args.add(limit);
        List<Long> pks = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + sql.key() + sql.from() + sql.where()
                + sql.groupBy() + sql.orderBy() + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            bind(select, args, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pks.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("search " + spec.resourceType(), e);
        }
        return readLiveByKeys(pks);
    }

    /** The keys of the first matches (up to limit, in the spec's order) and the number of all matches. */
    public record FirstKeys(List<Long> pks, long total) {
    }

    /**
     * The first page's keys and the total in one walk of the index ({@code COUNT(*) OVER ()} counts the rows before
     * the page is cut), instead of a count and then the same walk again for the page.
     */
    public FirstKeys firstKeysAndTotal(SearchSpec spec, int limit) {
        SearchSql sql = searchSql(spec);
        List<Object> args = new ArrayList<>(sql.args());
        args.addAll(sql.orderArgs());
        args.add(limit);
        List<Long> pks = new ArrayList<>();
        long total = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT " + sql.key() + ", COUNT(*) OVER ()"
                + sql.from() + sql.where() + sql.groupBy() + sql.orderBy() + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            bind(select, args, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pks.add(rows.getLong(1));
                    total = rows.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("search " + spec.resourceType(), e);
        }
        return new FirstKeys(pks, total);
    }

    /** The live current versions of the given resource keys, in the order given (deleted ones left out). */
    public List<StoredVersion> readLiveByKeys(List<Long> pks) {
        if (pks.isEmpty()) {
            return List.of();
        }
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        pks.forEach(pk -> marks.add("?"));
        java.util.Map<Long, StoredVersion> byPk = new java.util.HashMap<>();
        for (StoredVersion found : query(CURRENT_COLUMNS + " WHERE r.res_pk IN " + marks, new ArrayList<>(pks))) {
            byPk.put(found.pk(), found);
        }
        List<StoredVersion> page = new ArrayList<>(pks.size());
        for (Long pk : pks) {
            StoredVersion found = byPk.get(pk);
            if (found != null && !found.deleted()) {
                page.add(found);
            }
        }
        return page;
    }

    /** The targets (type/id, distinct, in order of appearance) of the given reference params of the given rows. */
    public Set<String> referenceTargets(Collection<Long> pks, Collection<String> params) {
        if (pks.isEmpty() || params.isEmpty()) {
            return Set.of();
        }
        List<Object> args = new ArrayList<>();
        StringJoiner pkMarks = new StringJoiner(", ", "(", ")");
        pks.forEach(pk -> {
            pkMarks.add("?");
            args.add(pk);
        });
        StringJoiner paramMarks = new StringJoiner(", ", "(", ")");
        params.forEach(param -> {
            paramMarks.add("?");
            args.add(param);
        });
        Set<String> targets = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT s2, s1 FROM idx_value WHERE res_pk IN " + pkMarks + " AND param IN "
                        + paramMarks + " AND s1 IS NOT NULL AND s2 IS NOT NULL ORDER BY res_pk")) {
            bind(select, args, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    targets.add(rows.getString(1) + "/" + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read references", e);
        }
        return targets;
    }

    /** Up to limit keys of live resources of sourceType whose param refers to one of the given targets. */
    public List<Long> referringKeys(String sourceType, String param, String targetType, Collection<String> targetIds,
            int limit) {
        if (targetIds.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(sourceType, param, targetType));
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (String id : targetIds) {
            marks.add("?");
            args.add(id);
        }
        args.add(limit);
        List<Long> keys = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT res_pk FROM idx_value"
                + " WHERE res_type = ? AND param = ? AND s2 = ? AND s1 IN " + marks
                + " ORDER BY res_pk OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY")) {
            bind(select, args, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("read referring resources", e);
        }
        return keys;
    }

    /** History, newest first: of one resource (id given), of a type (id null) or of everything (type null). */
    public List<StoredVersion> history(String type, String id, Long sinceMs, int offset, int limit) {
        HistoryFilter filter = HistoryFilter.of(type, id, sinceMs);
        List<Object> args = new ArrayList<>(filter.args());
        args.add(offset);
        args.add(limit);
        return query("SELECT v.res_pk, v.res_type, v.res_id, v.res_version, v.updated_ms, v.method = 'DELETE', v.body"
                + " FROM fhir_resource_version v" + filter.where()
                + " ORDER BY v.updated_ms DESC, v.res_pk DESC, v.res_version DESC OFFSET ? ROWS FETCH NEXT ? ROWS ONLY", args);
    }

    public long historyCount(String type, String id, Long sinceMs) {
        HistoryFilter filter = HistoryFilter.of(type, id, sinceMs);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT COUNT(*) FROM fhir_resource_version v" + filter.where())) {
            bind(select, filter.args(), 1);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw SqlFailures.failure("count history", e);
        }
    }

    private record HistoryFilter(String where, List<Object> args) {
        static HistoryFilter of(String type, String id, Long sinceMs) {
            List<String> conditions = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (type != null) {
                conditions.add("v.res_type = ?");
                args.add(type);
            }
            if (id != null) {
                conditions.add("v.res_id = ?");
                args.add(id);
            }
            if (sinceMs != null) {
                conditions.add("v.updated_ms >= ?");
                args.add(sinceMs);
            }
            return new HistoryFilter(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), args);
        }
    }

    private List<StoredVersion> query(String sql, List<Object> args) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, args, 1);
            List<StoredVersion> found = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new StoredVersion(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getLong(4),
                            rows.getLong(5), rows.getBoolean(6), rows.getString(7)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw SqlFailures.failure("query", e);
        }
    }

    static void bind(PreparedStatement statement, List<Object> args, int first) throws SQLException {
        int index = first;
        for (Object arg : args) {
            if (arg instanceof String text) {
                statement.setString(index++, text);
            } else if (arg instanceof Long number) {
                statement.setLong(index++, number);
            } else if (arg instanceof Integer number) {
                statement.setInt(index++, number);
            } else {
                throw new IllegalArgumentException("unsupported argument " + arg);
            }
        }
    }

    /**
     * Locks the row of a write condition (made on first use) until this transaction ends: a database lock, so it holds
     * across server instances. PostgreSQL and H2 both make a second inserter of an uncommitted key wait for the first.
     */
    public void lockCondition(String conditionKey) {
        String key = ConditionKeys.hash(conditionKey);
        try {
            String product = connection.getMetaData().getDatabaseProductName();
            String upsert = product.toLowerCase(java.util.Locale.ROOT).contains("postgres")
                    ? "INSERT INTO fhir_condition_lock (lock_key) VALUES (?) ON CONFLICT DO NOTHING"
                    : "MERGE INTO fhir_condition_lock (lock_key) KEY (lock_key) VALUES (?)";
            try (PreparedStatement insert = connection.prepareStatement(upsert)) {
                insert.setString(1, key);
                insert.executeUpdate();
            }
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT lock_key FROM fhir_condition_lock WHERE lock_key = ? FOR UPDATE")) {
                lock.setString(1, key);
                lock.executeQuery().close();
            }
        } catch (SQLException e) {
            if (SqlFailures.isLockConflict(e)) {
                throw new ResourceVersionConflictException("Another request with the same condition is being "
                        + "processed; retry the request");
            }
            throw SqlFailures.failure("lock condition", e);
        }
    }
}
