package org.chelate.server.store;

import java.util.List;

/**
 * A parsed search over one resource type: every criterion must hold (AND); the values inside a criterion are
 * alternatives (OR). Sort keys apply in order, then insertion order breaks ties so that paging is stable.
 */
public record SearchSpec(String resourceType, List<Criterion> criteria, List<SortKey> sort) {

    public SearchSpec {
        criteria = List.copyOf(criteria);
        sort = List.copyOf(sort);
    }

    public static SearchSpec all(String resourceType) {
        return new SearchSpec(resourceType, List.of(), List.of());
    }

    public sealed interface Criterion permits Ids, LastUpdated, Tokens, Strings, Dates, References, Amounts, Missing, Not,
            Chain, Has, InCompartment {
    }

    public record Ids(List<String> ids) implements Criterion {
    }

    public record LastUpdated(List<DateBound> bounds) implements Criterion {
    }

    public record Tokens(String param, List<TokenValue> values) implements Criterion {
    }

    public record Strings(String param, StringMatch match, List<String> values) implements Criterion {
    }

    public record Dates(String param, List<DateBound> bounds) implements Criterion {
    }

    public record References(String param, List<RefValue> values) implements Criterion {
    }

    /** {@code param:missing=true|false}: the resource has (false) or has no (true) value for the parameter. */
    public record Missing(String param, boolean missing) implements Criterion {
    }

    /** {@code param:not=...}: the resource has no value matching any of the criterion's alternatives. */
    public record Not(Criterion negated) implements Criterion {
    }

    /**
     * A chained search {@code param.chained=...} (or {@code param:Type.chained=...}): the reference parameter points
     * to a live resource matching one of the targets, a search over each target type the chain may reach.
     */
    public record Chain(String param, List<SearchSpec> targets) implements Criterion {
        public Chain {
            targets = List.copyOf(targets);
        }
    }

    /**
     * Reverse chaining {@code _has:Source:param:...}: a live resource matching {@code source} refers to this one
     * through its reference parameter {@code param}.
     */
    public record Has(String param, SearchSpec source) implements Criterion {
    }

    /**
     * Membership in the compartment of {@code compartmentType/id}: one of the reference parameters that the R4
     * CompartmentDefinition names for this type refers to it (see {@code Compartments}); no parameter: nothing matches.
     */
    public record InCompartment(List<String> params, String compartmentType, String id) implements Criterion {
        public InCompartment {
            params = List.copyOf(params);
        }
    }

    /** A number or quantity parameter's alternatives. */
    public record Amounts(String param, List<AmountValue> values) implements Criterion {
    }

    /**
     * A number or quantity search value: a prefix, the span it denotes in millionths (inclusive), and for a quantity
     * the unit code and system when given (null: any).
     */
    public record AmountValue(Prefix prefix, long low, long high, String system, String code) {
    }

    /** {@code code}, {@code system|code}, {@code |code} (no system) or {@code system|} (any code of the system). */
    public record TokenValue(String system, String code, boolean systemGiven) {
    }

    public enum StringMatch { STARTS_WITH, EXACT, CONTAINS }

    /** A target type (may be null: any) and id. */
    public record RefValue(String type, String id) {
    }

    public enum Prefix { EQ, NE, GT, LT, GE, LE, SA, EB, AP }

    /** A date search value: a prefix and the span the value denotes (epoch ms, inclusive). */
    public record DateBound(Prefix prefix, long lowMs, long highMs) {
    }

    /** A sort key: {@code _lastUpdated} or the name of a date parameter. */
    public record SortKey(String param, boolean descending) {
        public static final String LAST_UPDATED = "_lastUpdated";
        public static final String ID = "_id";
    }
}
