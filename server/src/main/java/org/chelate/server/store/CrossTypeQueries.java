package org.chelate.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Runs a {@link CrossTypeSpec} on the resource rows: the keys of one page, and the number of all matches. */
public final class CrossTypeQueries {

    private final StringBuilder where = new StringBuilder(" FROM fhir_resource r WHERE r.deleted = FALSE");
    private final List<Object> args = new ArrayList<>();

    private CrossTypeQueries(CrossTypeSpec spec) {
        if (!spec.types().isEmpty()) {
            where.append(" AND r.res_type IN ").append(marks(spec.types()));
        }
        if (!spec.ids().isEmpty()) {
            where.append(" AND r.res_id IN ").append(marks(spec.ids()));
        }
        for (List<SearchSpec.DateBound> alternatives : spec.lastUpdated()) {
            StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
            alternatives.forEach(bound -> any.add(updatedWithin(bound)));
            where.append(any);
        }
        if (spec.sinceMs() != null) {
            where.append(" AND r.updated_ms >= ?");
            args.add(spec.sinceMs());
        }
        if (spec.membership() != null) {
            appendMembership(spec.membership());
        }
    }

    /** The keys of up to limit matches from offset on, in insertion order. */
    public static List<Long> keys(StoreTransaction tx, CrossTypeSpec spec, int offset, int limit) {
        CrossTypeQueries query = new CrossTypeQueries(spec);
        List<Object> args = new ArrayList<>(query.args);
        args.add(offset);
        args.add(limit);
        List<Long> keys = new ArrayList<>();
        try (PreparedStatement select = tx.connection().prepareStatement("SELECT r.res_pk" + query.where
                + " ORDER BY r.res_pk OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            StoreTransaction.bind(select, args, 1);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    keys.add(rows.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("store could not search across types: " + e.getMessage(), e);
        }
        return keys;
    }

    public static long count(StoreTransaction tx, CrossTypeSpec spec) {
        CrossTypeQueries query = new CrossTypeQueries(spec);
        try (PreparedStatement select = tx.connection().prepareStatement("SELECT COUNT(*)" + query.where)) {
            StoreTransaction.bind(select, query.args, 1);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreException("store could not count across types: " + e.getMessage(), e);
        }
    }

    private void appendMembership(CrossTypeSpec.Membership membership) {
        where.append(" AND ((r.res_type = ? AND r.res_id = ?)");
        args.add(membership.ownerType());
        args.add(membership.ownerId());
        if (!membership.paramsByType().isEmpty()) {
            where.append(" OR r.res_pk IN (SELECT i.res_pk FROM idx_value i WHERE i.s1 = ? AND i.s2 = ? AND (");
            args.add(membership.ownerId());
            args.add(membership.ownerType());
            StringJoiner types = new StringJoiner(" OR ");
            for (Map.Entry<String, List<String>> type : new java.util.TreeMap<>(membership.paramsByType()).entrySet()) {
                args.add(type.getKey());
                types.add("(i.res_type = ? AND i.param IN " + marks(type.getValue()) + ")");
            }
            where.append(types).append("))");
        }
        where.append(')');
    }

    /** A resource's last update is one instant, so each prefix compares it with the search value's span. */
    private String updatedWithin(SearchSpec.DateBound bound) {
        String column = "r.updated_ms";
        return switch (bound.prefix()) {
            case EQ, AP -> bind(column + " >= ? AND " + column + " <= ?", bound.lowMs(), bound.highMs());
            case NE -> bind("NOT (" + column + " >= ? AND " + column + " <= ?)", bound.lowMs(), bound.highMs());
            case GT, SA -> bind(column + " > ?", bound.highMs());
            case LT, EB -> bind(column + " < ?", bound.lowMs());
            case GE -> bind(column + " >= ?", bound.lowMs());
            case LE -> bind(column + " <= ?", bound.highMs());
        };
    }

    private String bind(String condition, Long... values) {
        args.addAll(List.of(values));
        return "(" + condition + ")";
    }

    private String marks(List<String> values) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        values.forEach(value -> {
            marks.add("?");
            args.add(value);
        });
        return marks.toString();
    }
}
