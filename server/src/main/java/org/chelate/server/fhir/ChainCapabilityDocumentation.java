package org.chelate.server.fhir;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.util.TreeSet;
import org.chelate.server.store.IndexedParam;
import org.chelate.server.store.IndexedParams;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;

/**
 * R4's CapabilityStatement has no element for chains or {@code _has}: this writes them where a reader (and
 * {@code CapabilityStatementTest}) finds them, in the reference parameters' {@code documentation} (the types a chain
 * reaches, with an example) and the resource's {@code documentation} (an example {@code _has} and {@code _total}).
 */
@Interceptor
public final class ChainCapabilityDocumentation {

    static final String CHAINABLE = "Chainable";
    static final String REVERSE = "Reverse chaining";

    private final IndexedParams params;

    ChainCapabilityDocumentation(IndexedParams params) {
        this.params = params;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void document(IBaseConformance conformance) {
        if (!(conformance instanceof CapabilityStatement statement)) {
            return;
        }
        for (var rest : statement.getRest()) {
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                String type = resource.getType();
                if (!params.supports(type)) {
                    continue;
                }
                for (CapabilityStatementRestResourceSearchParamComponent searchParam : resource.getSearchParam()) {
                    params.param(type, searchParam.getName())
                            .filter(p -> p.type() == RestSearchParameterTypeEnum.REFERENCE)
                            .map(this::chainText)
                            .ifPresent(text -> append(searchParam, text));
                }
                String has = hasExample(type);
                resource.setDocumentation(join(resource.getDocumentation(), (has == null ? ""
                        : REVERSE + ": `_has:[type]:[reference parameter]:[parameter]` from every stored type whose "
                                + "reference parameter may refer to " + type + ", e.g. `" + has + "`, nested up to "
                                + ChainedSearchParser.MAX_LINKS + " levels. ")
                        + "`_total`: `none` (no total), `estimate` and `accurate` (both counted exactly)."));
            }
        }
    }

    /** The chain documentation of a reference parameter, or null when it reaches no stored type. */
    private String chainText(IndexedParam reference) {
        TreeSet<String> targets = new TreeSet<>(reference.definition().getTargets());
        boolean anyType = targets.isEmpty();
        targets.removeIf(target -> !params.supports(target));
        String name = reference.name();
        if (targets.isEmpty() && !anyType) {
            return null;
        }
        if (anyType) {
            return CHAINABLE + " with a type: `" + name + ":[type]." + "[parameter]`, e.g. `" + name
                    + ":Patient._id=x`, up to " + ChainedSearchParser.MAX_LINKS + " links.";
        }
        return CHAINABLE + " to " + String.join(", ", targets) + ": `" + name + ".[parameter]` (any parameter of "
                + "those types) or `" + name + ":[type].[parameter]`, e.g. `" + name + ":" + targets.first()
                + "._id=x`, up to " + ChainedSearchParser.MAX_LINKS + " links.";
    }

    /** A {@code _has} over some stored type's reference parameter that may refer to the type, or null. */
    private String hasExample(String type) {
        for (String source : new TreeSet<>(params.resourceTypes())) {
            for (IndexedParam param : params.paramsOf(source)) {
                if (param.type() == RestSearchParameterTypeEnum.REFERENCE
                        && param.definition().getTargets().contains(type)) {
                    return "_has:" + source + ":" + param.name() + ":_id=x";
                }
            }
        }
        return null;
    }

    private static void append(CapabilityStatementRestResourceSearchParamComponent searchParam, String text) {
        searchParam.setDocumentation(join(searchParam.getDocumentation(), text));
    }

    private static String join(String existing, String text) {
        return existing == null || existing.isBlank() ? text : existing + "\n\n" + text;
    }
}
