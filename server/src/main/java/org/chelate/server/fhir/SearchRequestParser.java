package org.chelate.server.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chelate.server.store.DateSpans;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;
import org.chelate.server.store.SearchSpec;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;

/**
 * Reads FHIR search parameters (as HAPI hands them over: name → repetitions) into a {@link SearchRequest}.
 * Unknown or unsupported parameters are a 400 naming what is supported, unless the client asked for lenient handling,
 * in which case they are ignored.
 */
final class SearchRequestParser {

    /** Parameters HAPI itself handles (format, paging, summaries) or that are handled outside the criteria. */
    private static final Set<String> CONTROL = Set.of("_count", "_sort", "_include", "_format", "_pretty", "_summary",
            "_elements", "_total", "_revinclude", "_getpages", "_getpagesoffset", "_bundletype");

    private final IndexedParams params;
    private final ChainedSearchParser chains;

    SearchRequestParser(IndexedParams params) {
        this.params = params;
        this.chains = new ChainedSearchParser(params, this::criterion);
    }

    SearchRequest parse(String type, Map<String, String[]> query, boolean lenient) {
        List<SearchSpec.Criterion> criteria = new ArrayList<>();
        for (Map.Entry<String, String[]> entry : query.entrySet()) {
            String name = entry.getKey();
            String bare = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if (CONTROL.contains(bare)) {
                continue;
            }
            try {
                for (String repetition : entry.getValue()) {
                    SearchSpec.Criterion criterion = criterion(type, name, repetition);
                    if (criterion != null) {
                        criteria.add(criterion);
                    }
                }
            } catch (UnsupportedParameter e) {
                if (!lenient) {
                    throw OutcomeCodes.notSupported(e.getMessage()
                            + ". Send the header 'Prefer: handling=lenient' to have unsupported parameters ignored.");
                }
            }
        }
        List<SearchSpec.SortKey> sort = sort(type, query.get("_sort"), lenient);
        List<String> includes = includes(type, query.get("_include"), lenient);
        return new SearchRequest(new SearchSpec(type, criteria, sort), includes,
                revIncludes(type, query.get("_revinclude"), lenient));
    }

    static final class UnsupportedParameter extends RuntimeException {
        UnsupportedParameter(String message) {
            super(message, null, false, false);
        }
    }

    private SearchSpec.Criterion criterion(String type, String name, String rawValue) {
        if (ChainedSearchParser.isChained(name)) {
            return chains.criterion(type, name, rawValue);
        }
        String[] nameParts = name.split(":", 2);
        String paramName = nameParts[0];
        String modifier = nameParts.length > 1 ? nameParts[1] : null;
        List<String> values = splitOr(rawValue);
        if (values.isEmpty()) {
            return null;
        }
        if (paramName.equals("_id")) {
            rejectModifier(name, modifier);
            for (String id : values) {
                FhirIds.requireValid(id);
            }
            return new SearchSpec.Ids(values);
        }
        if (paramName.equals("_lastUpdated")) {
            rejectModifier(name, modifier);
            return new SearchSpec.LastUpdated(values.stream().map(v -> dateBound(name, v)).toList());
        }
        IndexedParam param = params.param(type, paramName).orElseThrow(() -> new UnsupportedParameter(
                "Unknown search parameter '" + paramName + "' for " + type + ". Supported: " + supportedNames(type)));
        if ("missing".equals(modifier)) {
            if (values.size() != 1 || !(values.get(0).equals("true") || values.get(0).equals("false"))) {
                throw new InvalidRequestException(name + " takes true or false, not '" + rawValue + "'");
            }
            return new SearchSpec.Missing(paramName, values.get(0).equals("true"));
        }
        if ("not".equals(modifier) && param.type() == RestSearchParameterTypeEnum.TOKEN) {
            return new SearchSpec.Not(new SearchSpec.Tokens(paramName,
                    values.stream().map(SearchRequestParser::token).toList()));
        }
        switch (param.type()) {
            case TOKEN -> {
                rejectModifier(name, modifier);
                return new SearchSpec.Tokens(paramName, values.stream().map(SearchRequestParser::token).toList());
            }
            case STRING -> {
                SearchSpec.StringMatch match;
                if (modifier == null) {
                    match = SearchSpec.StringMatch.STARTS_WITH;
                } else if (modifier.equals("exact")) {
                    match = SearchSpec.StringMatch.EXACT;
                } else if (modifier.equals("contains")) {
                    match = SearchSpec.StringMatch.CONTAINS;
                } else {
                    throw new UnsupportedParameter("Modifier ':" + modifier + "' is not supported on " + paramName
                            + "; use :exact or :contains");
                }
                return new SearchSpec.Strings(paramName, match, values);
            }
            case DATE -> {
                rejectModifier(name, modifier);
                return new SearchSpec.Dates(paramName, values.stream().map(v -> dateBound(name, v)).toList());
            }
            case REFERENCE -> {
                String typeModifier = null;
                if (modifier != null) {
                    if (!modifier.matches("[A-Z][A-Za-z]+")) {
                        throw new UnsupportedParameter("Modifier ':" + modifier + "' is not supported on "
                                + paramName + "; only a resource type (e.g. " + paramName + ":Patient)");
                    }
                    typeModifier = modifier;
                }
                String impliedType = typeModifier;
                return new SearchSpec.References(paramName,
                        values.stream().map(v -> reference(paramName, impliedType, v)).toList());
            }
            case URI -> {
                rejectModifier(name, modifier);
                return new SearchSpec.Tokens(paramName,
                        values.stream().map(v -> new SearchSpec.TokenValue(null, v, false)).toList());
            }
            case NUMBER, QUANTITY -> {
                rejectModifier(name, modifier);
                return new SearchSpec.Amounts(paramName, values.stream().map(v -> amount(name, v)).toList());
            }
            default -> throw new UnsupportedParameter("Search parameter " + paramName + " is not supported");
        }
    }

    private static void rejectModifier(String name, String modifier) {
        if (modifier != null) {
            throw new UnsupportedParameter("Modifier ':" + modifier + "' is not supported on " + name);
        }
    }

    private String supportedNames(String type) {
        Set<String> names = new java.util.TreeSet<>();
        params.paramsOf(type).forEach(p -> names.add(p.name()));
        names.add("_id");
        names.add("_lastUpdated");
        return String.join(", ", names);
    }

    /** Splits on commas that are not escaped with a backslash, and unescapes. */
    static List<String> splitOr(String raw) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length()) {
                current.append(raw.charAt(++i));
            } else if (c == ',') {
                addIfNotBlank(values, current);
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        addIfNotBlank(values, current);
        return values;
    }

    private static void addIfNotBlank(List<String> values, StringBuilder value) {
        String text = value.toString().trim();
        if (!text.isEmpty()) {
            values.add(text);
        }
    }

    private static SearchSpec.TokenValue token(String value) {
        int bar = value.indexOf('|');
        if (bar < 0) {
            return new SearchSpec.TokenValue(null, value, false);
        }
        String system = value.substring(0, bar);
        String code = value.substring(bar + 1);
        if (system.isEmpty() && code.isEmpty()) {
            throw new InvalidRequestException("Invalid token '" + value + "': use code, system|code, |code or system|");
        }
        return new SearchSpec.TokenValue(system.isEmpty() ? null : system, code.isEmpty() ? null : code, true);
    }

    private static SearchSpec.RefValue reference(String param, String typeModifier, String value) {
        IdType id = new IdType(value);
        if (!id.hasIdPart()) {
            throw new InvalidRequestException("Invalid reference '" + value + "' for " + param
                    + "; use an id (123) or a relative reference (Patient/123)");
        }
        FhirIds.requireValid(id.getIdPart());
        String type = id.hasResourceType() ? id.getResourceType() : typeModifier;
        return new SearchSpec.RefValue(type, id.getIdPart());
    }

    /** {@code [prefix]number[|system|code]}, e.g. {@code gt5.4|http://unitsofmeasure.org|mg} or {@code 7||mmol}. */
    static SearchSpec.AmountValue amount(String param, String value) {
        String[] parts = value.split("\\|", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new InvalidRequestException("Invalid quantity '" + value + "' in " + param
                    + "; use [prefix]number, [prefix]number|system|code or [prefix]number||code");
        }
        SearchSpec.Prefix prefix = SearchSpec.Prefix.EQ;
        String number = parts[0];
        if (number.length() >= 2 && Character.isLetter(number.charAt(0))) {
            prefix = prefix(param, value, number.substring(0, 2));
            number = number.substring(2);
        }
        java.math.BigDecimal decimal;
        try {
            decimal = new java.math.BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Invalid number '" + number + "' in " + param + "=" + value);
        }
        long[] span = switch (prefix) {
            case EQ, NE, AP -> org.chelate.server.store.Amounts.span(decimal);
            default -> new long[] {org.chelate.server.store.Amounts.micros(decimal),
                org.chelate.server.store.Amounts.micros(decimal)};
        };
        String system = parts.length == 3 && !parts[1].isEmpty() ? parts[1] : null;
        String code = parts.length == 3 && !parts[2].isEmpty() ? parts[2] : null;
        return new SearchSpec.AmountValue(prefix, span[0], span[1], system, code);
    }

    private static SearchSpec.Prefix prefix(String param, String value, String text) {
        try {
            return SearchSpec.Prefix.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("Invalid prefix '" + text + "' in " + param + "=" + value
                    + "; use one of eq, ne, gt, lt, ge, le, sa, eb, ap");
        }
    }

    static SearchSpec.DateBound dateBound(String param, String value) {
        SearchSpec.Prefix prefix = SearchSpec.Prefix.EQ;
        String dateText = value;
        if (value.length() >= 2 && Character.isLetter(value.charAt(0))) {
            String code = value.substring(0, 2).toUpperCase(Locale.ROOT);
            try {
                prefix = SearchSpec.Prefix.valueOf(code);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("Invalid prefix '" + value.substring(0, 2) + "' in " + param + "="
                        + value + "; use one of eq, ne, gt, lt, ge, le, sa, eb, ap");
            }
            dateText = value.substring(2);
        }
        DateSpans.Span span;
        try {
            span = DateSpans.of(new DateTimeType(dateText));
        } catch (DataFormatException | IllegalArgumentException e) {
            span = null;
        }
        if (span == null) {
            throw new InvalidRequestException("Invalid date '" + value + "' in " + param
                    + "; use a FHIR date or dateTime with an optional prefix, e.g. ge2024-03-05 or 2024-03-05T10:00:00Z");
        }
        return new SearchSpec.DateBound(prefix, span.lowMs(), span.highMs());
    }

    private List<SearchSpec.SortKey> sort(String type, String[] sortValues, boolean lenient) {
        List<SearchSpec.SortKey> keys = new ArrayList<>();
        if (sortValues == null) {
            return keys;
        }
        for (String raw : sortValues) {
            for (String item : splitOr(raw)) {
                boolean descending = item.startsWith("-");
                String name = descending ? item.substring(1) : item;
                boolean dateParam = params.param(type, name)
                        .map(p -> p.type() == RestSearchParameterTypeEnum.DATE).orElse(false);
                if (dateParam || name.equals(SearchSpec.SortKey.LAST_UPDATED) || name.equals(SearchSpec.SortKey.ID)) {
                    keys.add(new SearchSpec.SortKey(name, descending));
                } else if (!lenient) {
                    throw new InvalidRequestException("Cannot sort " + type + " by '" + name + "'; sortable: _id, "
                            + "_lastUpdated" + dateParamNames(type));
                }
            }
        }
        return keys;
    }

    private String dateParamNames(String type) {
        StringBuilder names = new StringBuilder();
        params.paramsOf(type).stream()
                .filter(p -> p.type() == RestSearchParameterTypeEnum.DATE)
                .map(IndexedParam::name)
                .sorted()
                .forEach(n -> names.append(", ").append(n));
        return names.toString();
    }

    private List<SearchRequest.RevInclude> revIncludes(String type, String[] values, boolean lenient) {
        if (values == null) {
            return List.of();
        }
        Set<SearchRequest.RevInclude> found = new LinkedHashSet<>();
        for (String value : values) {
            String[] parts = value.split(":");
            boolean ok = parts.length >= 2 && parts.length <= 3
                    && (parts.length == 2 || parts[2].equals(type))
                    && params.param(parts[0], parts[1]).map(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE
                            && (p.definition().getTargets().isEmpty() || p.definition().getTargets().contains(type)))
                            .orElse(false);
            if (ok) {
                found.add(new SearchRequest.RevInclude(parts[0], parts[1]));
            } else if (!lenient) {
                throw OutcomeCodes.notSupported("Cannot _revinclude '" + value + "'; use <type>:<reference parameter> "
                        + "whose targets include " + type + ", e.g. Observation:subject");
            }
        }
        return List.copyOf(found);
    }

    private List<String> includes(String type, String[] includeValues, boolean lenient) {
        Set<String> names = new LinkedHashSet<>();
        if (includeValues == null) {
            return List.of();
        }
        for (String value : includeValues) {
            if (value.equals("*")) {
                params.paramsOf(type).stream()
                        .filter(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE)
                        .forEach(p -> names.add(p.name()));
                continue;
            }
            String[] parts = value.split(":");
            boolean ok = parts.length >= 2 && parts.length <= 3 && parts[0].equals(type)
                    && params.param(type, parts[1]).map(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE)
                            .orElse(false);
            if (ok) {
                names.add(parts[1]);
            } else if (!lenient) {
                throw new InvalidRequestException("Cannot _include '" + value + "'; use " + type
                        + ":<reference parameter>, e.g. " + type + ":patient, or *");
            }
        }
        return List.copyOf(names);
    }
}
