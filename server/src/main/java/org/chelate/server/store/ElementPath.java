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
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * One path of a search parameter (as HAPI's {@code RuntimeSearchParam} gives it), compiled to a walk over the element
 * tree. It understands the FHIRPath subset the R4 search parameters are written in: child steps from the resource
 * type (or {@code Resource}/{@code DomainResource}), {@code (a.b as X)}, {@code .as(X)}, {@code .ofType(X)},
 * {@code .where(resolve() is X)} and {@code .where(child='value')}. Paths in any other form (functions such as
 * {@code exists()}, indexes, unions inside a step) are refused, so their parameters are not offered. The full FHIRPath
 * engine is not used on purpose: it loads every StructureDefinition on creation (seconds of start-up) and is slower
 * per write.
 */
final class ElementPath {

    private static final Pattern OUTER_AS = Pattern.compile("^(.+?)\\s+as\\s+([A-Za-z]+)$");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9]*$");
    private static final Pattern AS_FUNCTION = Pattern.compile("^(?:as|ofType)\\(([A-Za-z]+)\\)$");
    private static final Pattern RESOLVE_IS = Pattern.compile("^where\\(resolve\\(\\)\\s+is\\s+([A-Za-z]+)\\)$");
    private static final Pattern WHERE_EQUALS = Pattern.compile("^where\\(([A-Za-z]+)\\s*=\\s*'([^']*)'\\)$");

    private sealed interface Step permits Child, OfType, ResolvesTo, ChildEquals {
    }

    private record Child(String name) implements Step {
    }

    private record OfType(String type) implements Step {
    }

    private record ResolvesTo(String type) implements Step {
    }

    private record ChildEquals(String child, String value) implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private ElementPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** Compiles a path of the given resource type; throws IllegalArgumentException for a form it does not understand. */
    static ElementPath compile(String resourceType, String expression) {
        return new ElementPath(expression, List.copyOf(steps(resourceType, expression.trim(), expression)));
    }

    /** {@code Type.a.b}, {@code Type.a as X}, or {@code (Type.a as X).b} (a parenthesised path, then more steps). */
    private static List<Step> steps(String resourceType, String text, String expression) {
        text = unwrap(text);
        if (text.startsWith("(")) {
            int close = closingOf(text, 0);
            String rest = text.substring(close + 1).trim();
            if (close < 0 || !rest.startsWith(".")) {
                throw new IllegalArgumentException("unsupported search parameter path: " + expression);
            }
            List<Step> steps = new ArrayList<>(steps(resourceType, text.substring(1, close), expression));
            for (String part : splitTopLevel(rest.substring(1), expression)) {
                steps.add(step(part, expression));
            }
            return steps;
        }
        String outerType = null;
        Matcher as = OUTER_AS.matcher(text);
        if (as.matches()) {
            text = unwrap(as.group(1).trim());
            outerType = as.group(2);
        }
        List<String> parts = splitTopLevel(text, expression);
        String root = parts.get(0);
        if (!root.equals(resourceType) && !root.equals("Resource") && !root.equals("DomainResource")) {
            throw new IllegalArgumentException("path " + expression + " does not start at " + resourceType);
        }
        if (parts.size() < 2) {
            throw new IllegalArgumentException("path " + expression + " selects the resource itself");
        }
        List<Step> steps = new ArrayList<>();
        for (String part : parts.subList(1, parts.size())) {
            steps.add(step(part, expression));
        }
        if (outerType != null) {
            steps.add(new OfType(outerType));
        }
        return steps;
    }

    private static Step step(String part, String expression) {
        if (NAME.matcher(part).matches()) {
            return new Child(part);
        }
        Matcher asFunction = AS_FUNCTION.matcher(part);
        if (asFunction.matches()) {
            return new OfType(asFunction.group(1));
        }
        Matcher resolve = RESOLVE_IS.matcher(part);
        if (resolve.matches()) {
            return new ResolvesTo(resolve.group(1));
        }
        Matcher equals = WHERE_EQUALS.matcher(part);
        if (equals.matches()) {
            return new ChildEquals(equals.group(1), equals.group(2));
        }
        throw new IllegalArgumentException("unsupported search parameter path: " + expression);
    }

    /** Strips parentheses that enclose the whole text. */
    private static String unwrap(String text) {
        while (text.startsWith("(") && text.endsWith(")") && closingOf(text, 0) == text.length() - 1) {
            text = text.substring(1, text.length() - 1).trim();
        }
        return text;
    }

    private static int closingOf(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Splits on dots outside parentheses and quotes. */
    private static List<String> splitTopLevel(String text, String expression) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == '.') {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            } else if (!quoted && depth == 0 && (c == ' ' || c == '|' || c == '[')) {
                throw new IllegalArgumentException("unsupported search parameter path: " + expression);
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }

    /** The elements this path selects in a resource (empty when none). */
    List<IBase> evaluate(FhirContext context, IBase resource) {
        List<IBase> current = List.of(resource);
        for (Step step : steps) {
            List<IBase> next = new ArrayList<>();
            for (IBase element : current) {
                if (step instanceof Child child) {
                    next.addAll(children(context, element, child.name()));
                } else if (step instanceof OfType ofType) {
                    if (typeName(context, element).equalsIgnoreCase(ofType.type())) {
                        next.add(element);
                    }
                } else if (step instanceof ResolvesTo resolvesTo) {
                    if (element instanceof IBaseReference reference
                            && resolvesTo.type().equals(reference.getReferenceElement().getResourceType())) {
                        next.add(element);
                    }
                } else if (step instanceof ChildEquals equals && hasChildValue(context, element, equals)) {
                    next.add(element);
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            current = next;
        }
        return current;
    }

    private static boolean hasChildValue(FhirContext context, IBase element, ChildEquals equals) {
        for (IBase value : children(context, element, equals.child())) {
            if (value instanceof IPrimitiveType<?> primitive && equals.value().equals(primitive.getValueAsString())) {
                return true;
            }
        }
        return false;
    }

    private static List<? extends IBase> children(FhirContext context, IBase element, String name) {
        BaseRuntimeElementDefinition<?> definition = context.getElementDefinition(element.getClass());
        if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
            return List.of();
        }
        BaseRuntimeChildDefinition child = composite.getChildByName(name);
        if (child == null) {
            child = composite.getChildByName(name + "[x]");
        }
        return child == null ? List.of() : child.getAccessor().getValues(element);
    }

    private static String typeName(FhirContext context, IBase element) {
        return context.getElementDefinition(element.getClass()).getName().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return expression;
    }
}
