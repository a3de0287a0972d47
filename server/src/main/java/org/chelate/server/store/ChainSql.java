package org.chelate.server.store;

import java.util.List;

/**
 * SQL for chained ({@link SearchSpec.Chain}) and reverse-chained ({@link SearchSpec.Has}) criteria: subqueries that
 * join the reference index rows (target id in {@code s1}, target type in {@code s2}) to the search of the other
 * type, itself built by {@link SearchSql} so that any criterion, a further chain included, works inside. Used only on
 * the resource rows (alias {@code r}), never on the index-only path of a plain search.
 */
final class ChainSql {

    private ChainSql() {
    }

    /**
     * {@code r.res_pk} is the key of a resource whose reference parameter points to a live resource matching one
     * of the chain's targets.
     */
    static void appendChain(StringBuilder where, List<Object> args, String type, SearchSpec.Chain chain) {
        where.append("r.res_pk IN (SELECT i.res_pk FROM idx_value i WHERE i.res_type = ? AND i.param = ? AND (");
        args.add(type);
        args.add(chain.param());
        boolean first = true;
        for (SearchSpec target : chain.targets()) {
            if (!first) {
                where.append(" OR ");
            }
            first = false;
            SearchSql targetSql = SearchSql.of(target);
            where.append("(i.s2 = ? AND i.s1 IN (SELECT r.res_id FROM fhir_resource r").append(targetSql.where())
                    .append("))");
            args.add(target.resourceType());
            args.addAll(targetSql.args());
        }
        where.append("))");
    }

    /** {@code r.res_id} is the id a live resource matching the source search refers to through its parameter. */
    static void appendHas(StringBuilder where, List<Object> args, String type, SearchSpec.Has has) {
        SearchSql sourceSql = SearchSql.of(has.source());
        where.append("r.res_id IN (SELECT i.s1 FROM idx_value i WHERE i.res_type = ? AND i.param = ? AND i.s2 = ?"
                + " AND i.res_pk IN (SELECT r.res_pk FROM fhir_resource r").append(sourceSql.where()).append("))");
        args.add(has.source().resourceType());
        args.add(has.param());
        args.add(type);
        args.addAll(sourceSql.args());
    }
}
