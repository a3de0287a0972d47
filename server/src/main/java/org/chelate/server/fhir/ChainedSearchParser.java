package org.chelate.server.fhir;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;
import org.chelate.server.store.SearchSpec;

/**
 * Reads chained parameters ({@code subject.name=peter}, {@code subject:Patient.family=x}, two links such as
 * {@code subject.organization.name=x}) and reverse chains ({@code _has:Observation:patient:code=1234-5}, nested too)
 * into {@link SearchSpec.Chain} and {@link SearchSpec.Has}; the parameter at the end of a chain is read by
 * {@link SearchRequestParser} as for a search of its own type, so every indexed parameter and modifier works there.
 */
final class ChainedSearchParser {

    /** Links of a chain, or {@code _has} levels, beyond which a search is refused: each is one more subquery. */
    static final int MAX_LINKS = 3;

    /** Reads one parameter of a type (name with modifier, raw value) as {@link SearchRequestParser} does. */
    interface CriterionReader {
        SearchSpec.Criterion criterion(String type, String name, String rawValue);
    }

    private final IndexedParams params;
    private final CriterionReader reader;

    ChainedSearchParser(IndexedParams params, CriterionReader reader) {
        this.params = params;
        this.reader = reader;
    }

    static boolean isChained(String name) {
        return name.startsWith("_has:") || name.indexOf('.') > 0;
    }

    SearchSpec.Criterion criterion(String type, String name, String rawValue) {
        if (count(name, ".") + count(name, "_has:") > MAX_LINKS) {
            throw new SearchRequestParser.UnsupportedParameter("'" + name + "' chains more than " + MAX_LINKS
                    + " references; search the intermediate resources first");
        }
        return name.startsWith("_has:") ? has(type, name, rawValue) : chain(type, name, rawValue);
    }

    private SearchSpec.Criterion chain(String type, String name, String rawValue) {
        int dot = name.indexOf('.');
        String head = name.substring(0, dot);
        String rest = name.substring(dot + 1);
        String refName = head.contains(":") ? head.substring(0, head.indexOf(':')) : head;
        String typeModifier = head.contains(":") ? head.substring(head.indexOf(':') + 1) : null;
        IndexedParam reference = referenceParam(type, refName, name);
        List<String> declared = new ArrayList<>(new TreeSet<>(reference.definition().getTargets()));
        List<String> targets;
        if (typeModifier != null) {
            if (!params.supports(typeModifier) || (!declared.isEmpty() && !declared.contains(typeModifier))) {
                throw new SearchRequestParser.UnsupportedParameter("Chained search '" + name + "': " + typeModifier
                        + " is not a target of " + type + "." + refName + " stored by this server; targets: "
                        + declared);
            }
            targets = List.of(typeModifier);
        } else if (declared.isEmpty()) {
            throw new SearchRequestParser.UnsupportedParameter("Chained search '" + name + "': " + type + "."
                    + refName + " may refer to any type; name one, e.g. " + refName + ":Patient." + rest);
        } else {
            targets = declared;
        }
        String chained = bareName(rest);
        List<SearchSpec> specs = new ArrayList<>();
        for (String target : targets) {
            if (params.supports(target) && (isBuiltIn(chained) || params.param(target, chained).isPresent())) {
                SearchSpec.Criterion inner = reader.criterion(target, rest, rawValue);
                if (inner == null) {
                    return null;
                }
                specs.add(new SearchSpec(target, List.of(inner), List.of()));
            }
        }
        if (specs.isEmpty()) {
            throw new SearchRequestParser.UnsupportedParameter("Chained search '" + name + "': '" + chained
                    + "' is not a search parameter of " + String.join(" or ", targets));
        }
        return new SearchSpec.Chain(refName, specs);
    }

    private SearchSpec.Criterion has(String type, String name, String rawValue) {
        String[] parts = name.split(":", 4);
        if (parts.length < 4 || parts[1].isEmpty() || parts[2].isEmpty() || parts[3].isEmpty()) {
            throw new SearchRequestParser.UnsupportedParameter("'" + name + "' is not a reverse chain; use "
                    + "_has:<type>:<reference parameter>:<parameter>, e.g. _has:Observation:patient:code");
        }
        String source = parts[1];
        if (!params.supports(source)) {
            throw new SearchRequestParser.UnsupportedParameter("'" + name + "': " + source
                    + " is not a resource type stored by this server");
        }
        IndexedParam reference = referenceParam(source, parts[2], name);
        java.util.Set<String> targets = reference.definition().getTargets();
        if (!targets.isEmpty() && !targets.contains(type)) {
            throw new SearchRequestParser.UnsupportedParameter("'" + name + "': " + source + "." + parts[2]
                    + " does not refer to " + type + "; its targets: " + new TreeSet<>(targets));
        }
        SearchSpec.Criterion inner = reader.criterion(source, parts[3], rawValue);
        return inner == null ? null : new SearchSpec.Has(parts[2], new SearchSpec(source, List.of(inner), List.of()));
    }

    private IndexedParam referenceParam(String type, String refName, String name) {
        return params.param(type, refName)
                .filter(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE)
                .orElseThrow(() -> new SearchRequestParser.UnsupportedParameter("'" + name + "': '" + refName
                        + "' is not a reference search parameter of " + type));
    }

    private static boolean isBuiltIn(String name) {
        return name.equals("_id") || name.equals("_lastUpdated") || name.equals("_has");
    }

    /** The parameter name a chain's remainder starts with: {@code name} of {@code name:exact} or {@code org.name}. */
    private static String bareName(String rest) {
        if (rest.startsWith("_has:")) {
            return "_has";
        }
        int end = rest.length();
        for (char stop : new char[] {':', '.'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return rest.substring(0, end);
    }

    private static int count(String text, String part) {
        int found = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            found++;
        }
        return found;
    }
}
