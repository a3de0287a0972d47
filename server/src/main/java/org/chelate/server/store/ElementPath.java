package org.chelate.server.store;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;

/**
 * One path of a search parameter (as HAPI's {@code RuntimeSearchParam} gives it), compiled to a walk over the element
 * tree. It understands the forms the FHIR R4 search parameters use for our types: {@code Type.a.b},
 * {@code (Type.a as X)}, {@code Type.a.as(X)} and {@code Type.a.where(resolve() is X)}. The full FHIRPath engine is not used on purpose: it
 * loads every StructureDefinition on creation (seconds of start-up) and is slower per write.
 */
final class ElementPath {

    private static final Pattern AS_TYPE = Pattern.compile("^\\(?\\s*([A-Za-z0-9.]+)\\s+as\\s+([A-Za-z]+)\\s*\\)?$");
    private static final Pattern AS_FUNCTION = Pattern.compile("^\\(?\\s*([A-Za-z0-9.]+)\\.as\\(([A-Za-z]+)\\)\\s*\\)?$");
    private static final Pattern RESOLVE_IS = Pattern.compile("^([A-Za-z0-9.]+)\\.where\\(resolve\\(\\) is ([A-Za-z]+)\\)$");
    private static final Pattern PLAIN = Pattern.compile("^[A-Za-z0-9.]+$");

    private final String expression;
    private final List<String> segments;
    private final String typeFilter;
    private final String referenceTargetFilter;

    private ElementPath(String expression, List<String> segments, String typeFilter, String referenceTargetFilter) {
        this.expression = expression;
        this.segments = segments;
        this.typeFilter = typeFilter;
        this.referenceTargetFilter = referenceTargetFilter;
    }

    /** Compiles a path of the given resource type; throws IllegalArgumentException for a form it does not understand. */
    static ElementPath compile(String resourceType, String expression) {
        String trimmed = expression.trim();
        Matcher resolve = RESOLVE_IS.matcher(trimmed);
        if (resolve.matches()) {
            return new ElementPath(expression, segmentsOf(resourceType, resolve.group(1)), null, resolve.group(2));
        }
        Matcher asFunction = AS_FUNCTION.matcher(trimmed);
        if (asFunction.matches()) {
            return new ElementPath(expression, segmentsOf(resourceType, asFunction.group(1)), asFunction.group(2), null);
        }
        Matcher as = AS_TYPE.matcher(trimmed);
        if (as.matches()) {
            return new ElementPath(expression, segmentsOf(resourceType, as.group(1)), as.group(2), null);
        }
        if (PLAIN.matcher(trimmed).matches()) {
            return new ElementPath(expression, segmentsOf(resourceType, trimmed), null, null);
        }
        throw new IllegalArgumentException("unsupported search parameter path: " + expression);
    }

    private static List<String> segmentsOf(String resourceType, String dotted) {
        String[] parts = dotted.split("\\.");
        if (parts.length < 2 || !parts[0].equals(resourceType)) {
            throw new IllegalArgumentException("path " + dotted + " does not start at " + resourceType);
        }
        return List.of(parts).subList(1, parts.length);
    }

    /** The elements this path selects in a resource (empty when none). */
    List<IBase> evaluate(FhirContext context, IBase resource) {
        List<IBase> current = List.of(resource);
        for (String segment : segments) {
            List<IBase> next = new ArrayList<>();
            for (IBase element : current) {
                BaseRuntimeElementDefinition<?> definition = context.getElementDefinition(element.getClass());
                if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                    continue;
                }
                BaseRuntimeChildDefinition child = composite.getChildByName(segment);
                if (child == null) {
                    child = composite.getChildByName(segment + "[x]");
                }
                if (child != null) {
                    next.addAll(child.getAccessor().getValues(element));
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            current = next;
        }
        if (typeFilter == null && referenceTargetFilter == null) {
            return current;
        }
        List<IBase> filtered = new ArrayList<>(current.size());
        for (IBase element : current) {
            if (typeFilter != null && typeName(context, element).equalsIgnoreCase(typeFilter)) {
                filtered.add(element);
            } else if (referenceTargetFilter != null && element instanceof IBaseReference reference
                    && referenceTargetFilter.equals(reference.getReferenceElement().getResourceType())) {
                filtered.add(element);
            }
        }
        return filtered;
    }

    private static String typeName(FhirContext context, IBase element) {
        return context.getElementDefinition(element.getClass()).getName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return expression;
    }
}
