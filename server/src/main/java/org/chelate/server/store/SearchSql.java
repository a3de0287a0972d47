package org.chelate.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Translates a {@link SearchSpec} into SQL over the index tables (alias {@code r} is the resource row). */
final class SearchSql {

    private final StringBuilder where = new StringBuilder();
    private final List<Object> args = new ArrayList<>();
    private final StringBuilder orderBy = new StringBuilder();
    private final List<Object> orderArgs = new ArrayList<>();
    /** The alias of the index row the value conditions being appended test. */
    private String alias = "i";
    private String from = " FROM fhir_resource r";
    private String key = "r.res_pk";
    private String groupBy = "";

    private SearchSql() {
    }

    /** The spec's SQL: index conditions as key subqueries on the resource rows. */
    static SearchSql of(SearchSpec spec) {
        SearchSql sql = new SearchSql();
        sql.where.append(" WHERE r.res_type = ? AND r.deleted = FALSE");
        sql.args.add(spec.resourceType());
        for (SearchSpec.Criterion criterion : spec.criteria()) {
            sql.where.append(" AND ");
            sql.appendCriterion(spec.resourceType(), criterion);
        }
        sql.appendOrder(spec.sort());
        return sql;
    }

    /**
     * The spec's SQL read from the index rows alone, or null when it needs the resource rows: an {@code _id} or
     * {@code _lastUpdated} criterion, a sort, or no index criterion at all. Index rows exist only for the current
     * version of live resources (the write path deletes them with the version they index), so the resource row's
     * type and deleted flag need no check; a resource with several matching rows counts once (GROUP BY).
     */
    static SearchSql byIndex(SearchSpec spec) {
        if (!spec.sort().isEmpty() || spec.criteria().isEmpty()) {
            return null;
        }
        for (SearchSpec.Criterion criterion : spec.criteria()) {
            if (criterion instanceof SearchSpec.Ids || criterion instanceof SearchSpec.LastUpdated
                    || criterion instanceof SearchSpec.Missing || criterion instanceof SearchSpec.Not
                    || criterion instanceof SearchSpec.Chain || criterion instanceof SearchSpec.Has
                    || criterion instanceof SearchSpec.InCompartment) {
                return null;
            }
        }
        SearchSql sql = new SearchSql();
        sql.from = " FROM idx_value d";
        sql.key = "d.res_pk";
        sql.groupBy = " GROUP BY d.res_pk";
        SearchSpec.Criterion driving = spec.criteria().get(0);
        sql.where.append(" WHERE d.res_type = ? AND d.param = ? AND (");
        sql.args.add(spec.resourceType());
        sql.args.add(indexParam(driving));
        sql.alias = "d";
        sql.appendValues(driving);
        sql.alias = "i";
        sql.where.append(')');
        for (SearchSpec.Criterion criterion : spec.criteria().subList(1, spec.criteria().size())) {
            sql.where.append(" AND ");
            sql.appendCriterion(spec.resourceType(), criterion);
        }
        sql.orderBy.append(" ORDER BY d.res_pk ASC");
        return sql;
    }

    /** FROM and its table alias. */
    String from() {
        return from;
    }

    /** The resource key column. */
    String key() {
        return key;
    }

    /** Empty, or the GROUP BY that makes each resource one row. */
    String groupBy() {
        return groupBy;
    }

    String where() {
        return where.toString();
    }

    List<Object> args() {
        return args;
    }

    String orderBy() {
        return orderBy.toString();
    }

    List<Object> orderArgs() {
        return orderArgs;
    }

    private void appendCriterion(String type, SearchSpec.Criterion criterion) {
        if (criterion instanceof SearchSpec.Ids ids) {
            StringJoiner marks = new StringJoiner(", ", "r.res_id IN (", ")");
            ids.ids().forEach(id -> {
                marks.add("?");
                args.add(id);
            });
            where.append(marks);
        } else if (criterion instanceof SearchSpec.LastUpdated lastUpdated) {
            where.append('(');
            appendAlternatives(lastUpdated.bounds(), bound -> appendDate(bound, "r.updated_ms", "r.updated_ms"));
            where.append(')');
        } else if (criterion instanceof SearchSpec.Missing missing) {
            where.append(missing.missing() ? "NOT " : "");
            where.append(key).append(" IN (SELECT i.res_pk FROM idx_value i WHERE i.res_type = ? AND i.param = ?)");
            args.add(type);
            args.add(missing.param());
        } else if (criterion instanceof SearchSpec.InCompartment compartment) {
            appendCompartment(type, compartment);
        } else if (criterion instanceof SearchSpec.Not not) {
            where.append("NOT ");
            appendCriterion(type, not.negated());
        } else if (criterion instanceof SearchSpec.Chain chain) {
            ChainSql.appendChain(where, args, type, chain);
        } else if (criterion instanceof SearchSpec.Has has) {
            ChainSql.appendHas(where, args, type, has);
        } else {
            openIndex(type, indexParam(criterion));
            appendValues(criterion);
            closeIndex();
        }
    }

    private void appendCompartment(String type, SearchSpec.InCompartment compartment) {
        if (compartment.params().isEmpty()) {
            where.append("1 = 0");
            return;
        }
        StringJoiner params = new StringJoiner(", ", "(", ")");
        args.add(type);
        compartment.params().forEach(param -> {
            params.add("?");
            args.add(param);
        });
        where.append(key).append(" IN (SELECT i.res_pk FROM idx_value i WHERE i.res_type = ? AND i.param IN ")
                .append(params).append(" AND i.s1 = ? AND i.s2 = ?)");
        args.add(compartment.id());
        args.add(compartment.compartmentType());
    }

    private static String indexParam(SearchSpec.Criterion criterion) {
        if (criterion instanceof SearchSpec.Tokens tokens) {
            return tokens.param();
        } else if (criterion instanceof SearchSpec.Strings strings) {
            return strings.param();
        } else if (criterion instanceof SearchSpec.Dates dates) {
            return dates.param();
        } else if (criterion instanceof SearchSpec.References references) {
            return references.param();
        } else if (criterion instanceof SearchSpec.Amounts amounts) {
            return amounts.param();
        }
        throw new IllegalArgumentException("unknown criterion " + criterion);
    }

    /** The alternatives of an index criterion, tested on the index row {@link #alias}. */
    private void appendValues(SearchSpec.Criterion criterion) {
        if (criterion instanceof SearchSpec.Tokens tokens) {
            appendAlternatives(tokens.values(), this::appendToken);
        } else if (criterion instanceof SearchSpec.Strings strings) {
            appendAlternatives(strings.values(), value -> appendString(strings.match(), value));
        } else if (criterion instanceof SearchSpec.Dates dates) {
            appendAlternatives(dates.bounds(), bound -> appendDate(bound, alias + ".n1", alias + ".n2"));
        } else if (criterion instanceof SearchSpec.References references) {
            appendAlternatives(references.values(), this::appendReference);
        } else if (criterion instanceof SearchSpec.Amounts amounts) {
            appendAlternatives(amounts.values(), this::appendAmount);
        } else {
            throw new IllegalArgumentException("unknown criterion " + criterion);
        }
    }

    private void openIndex(String type, String param) {
        where.append(key).append(" IN (SELECT i.res_pk FROM idx_value i WHERE i.res_type = ? AND i.param = ? AND (");
        args.add(type);
        args.add(param);
    }

    private void closeIndex() {
        where.append("))");
    }

    private <T> void appendAlternatives(List<T> values, java.util.function.Consumer<T> appender) {
        boolean first = true;
        for (T value : values) {
            if (!first) {
                where.append(" OR ");
            }
            first = false;
            where.append('(');
            appender.accept(value);
            where.append(')');
        }
    }

    private void appendToken(SearchSpec.TokenValue value) {
        if (value.code() == null) {
            where.append(alias + ".s2 = ?");
            args.add(value.system());
            return;
        }
        where.append(alias + ".s1 = ?");
        args.add(value.code());
        if (value.systemGiven()) {
            if (value.system() == null) {
                where.append(" AND " + alias + ".s2 IS NULL");
            } else {
                where.append(" AND " + alias + ".s2 = ?");
                args.add(value.system());
            }
        }
    }

    private void appendString(SearchSpec.StringMatch match, String value) {
        switch (match) {
            case EXACT -> {
                where.append(alias + ".s1 = ? AND " + alias + ".s2 = ?");
                args.add(IndexExtractor.truncate(TextNormalizer.normalize(value), IndexExtractor.MAX_STRING));
                args.add(value);
            }
            case STARTS_WITH -> {
                where.append(alias + ".s1 LIKE ? ESCAPE '\\'");
                args.add(escapeLike(TextNormalizer.normalize(value)) + "%");
            }
            case CONTAINS -> {
                where.append(alias + ".s1 LIKE ? ESCAPE '\\'");
                args.add("%" + escapeLike(TextNormalizer.normalize(value)) + "%");
            }
        }
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private void appendReference(SearchSpec.RefValue value) {
        where.append(alias + ".s1 = ?");
        args.add(value.id());
        if (value.type() != null) {
            where.append(" AND " + alias + ".s2 = ?");
            args.add(value.type());
        }
    }

    private void appendAmount(SearchSpec.AmountValue value) {
        appendDate(new SearchSpec.DateBound(value.prefix(), value.low(), value.high()), alias + ".n1", alias + ".n2");
        if (value.code() != null) {
            where.append(" AND " + alias + ".s1 = ?");
            args.add(value.code());
        }
        if (value.system() != null) {
            where.append(" AND " + alias + ".s2 = ?");
            args.add(value.system());
        }
    }

    /** FHIR date prefixes over target span [low, high] and search span [sLow, sHigh]. */
    private void appendDate(SearchSpec.DateBound bound, String low, String high) {
        long sLow = bound.lowMs();
        long sHigh = bound.highMs();
        switch (bound.prefix()) {
            case EQ -> compare(low + " >= ? AND " + high + " <= ?", sLow, sHigh);
            case NE -> compare("NOT (" + low + " >= ? AND " + high + " <= ?)", sLow, sHigh);
            case GT -> compare(high + " > ?", sHigh);
            case LT -> compare(low + " < ?", sLow);
            case GE -> compare(high + " >= ?", sLow);
            case LE -> compare(low + " <= ?", sHigh);
            case SA -> compare(low + " > ?", sHigh);
            case EB -> compare(high + " < ?", sLow);
            case AP -> compare(low + " <= ? AND " + high + " >= ?", sHigh, sLow);
        }
    }

    private void compare(String condition, Object... values) {
        where.append(condition);
        args.addAll(List.of(values));
    }

    private void appendOrder(List<SearchSpec.SortKey> sort) {
        StringJoiner keys = new StringJoiner(", ", " ORDER BY ", "");
        for (SearchSpec.SortKey key : sort) {
            String direction = key.descending() ? " DESC" : " ASC";
            switch (key.param()) {
                case SearchSpec.SortKey.LAST_UPDATED -> keys.add("r.updated_ms" + direction);
                case SearchSpec.SortKey.ID -> keys.add("r.res_id" + direction);
                default -> {
                    String aggregate = key.descending() ? "MAX" : "MIN";
                    keys.add("(SELECT " + aggregate + "(sd.n1) FROM idx_value sd WHERE sd.res_pk = r.res_pk AND sd.param = ?)"
                            + direction + " NULLS LAST");
                    orderArgs.add(key.param());
                }
            }
        }
        keys.add("r.res_pk ASC");
        orderBy.append(keys);
    }
}
