package org.chelate.server.fhir;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * Applies a FHIRPath Patch (R4 {@code fhirpatch.html}: a Parameters resource of {@code operation}s add, insert,
 * delete, replace and move) to a resource, finding elements with HAPI's FHIRPath engine and changing them through
 * HAPI's model definitions. A document that is not a well-formed FHIRPath Patch is a {@link PatchProblem#malformed};
 * one that does not fit the resource (no match, a value of the wrong type, an index out of range) is
 * {@link PatchProblem#notApplicable}.
 */
final class FhirPathPatch {

    /**
     * One engine per context: building one reads every R4 StructureDefinition (seconds), so it is built once, on the
     * first FHIRPath Patch, and shared; HAPI does not promise it is thread-safe, so patches take turns with it.
     */
    private static final Map<FhirContext, IFhirPath> ENGINES = new ConcurrentHashMap<>();

    private final FhirContext context;

    FhirPathPatch(FhirContext context) {
        this.context = context;
    }

    /** Changes {@code resource} in place. */
    void apply(IBaseResource resource, Parameters patch) {
        if (patch.getParameter().isEmpty()) {
            throw PatchProblem.malformed("the FHIRPath Patch holds no 'operation' parameter");
        }
        IFhirPath fhirPath = ENGINES.computeIfAbsent(context, FhirContext::newFhirPath);
        int number = 0;
        for (ParametersParameterComponent operation : patch.getParameter()) {
            number++;
            if (!"operation".equals(operation.getName())) {
                throw PatchProblem.malformed("parameter " + number + " is '" + operation.getName()
                        + "'; a FHIRPath Patch holds only 'operation' parameters");
            }
            new Step(number, operation, fhirPath, resource).run();
        }
    }

    /** Where an element sits: the child of its parent, and its place in that child's list. */
    private record Slot(IBase parent, BaseRuntimeChildDefinition child, int index) {
    }

    private final class Step {
        private final String where;
        private final ParametersParameterComponent operation;
        private final IFhirPath fhirPath;
        private final IBaseResource resource;

        Step(int number, ParametersParameterComponent operation, IFhirPath fhirPath, IBaseResource resource) {
            this.where = "operation " + number;
            this.operation = operation;
            this.fhirPath = fhirPath;
            this.resource = resource;
        }

        void run() {
            String type = text("type", true);
            String path = text("path", true);
            switch (type) {
                case "add" -> add(path);
                case "insert" -> insert(path);
                case "delete" -> delete(path);
                case "replace" -> replace(path);
                case "move" -> move(path);
                default -> throw PatchProblem.malformed(where + ": type '" + type
                        + "' is not a FHIRPath Patch operation (add, insert, delete, replace, move)");
            }
        }

        private void add(String path) {
            IBase container = single(path);
            String name = text("name", true);
            BaseRuntimeChildDefinition child = childOf(container, name);
            IBase value = newValue(valuePart(), child, name);
            if (child.getMax() == 1) {
                child.getMutator().setValue(container, value);
            } else {
                child.getMutator().addValue(container, value);
            }
        }

        private void insert(String path) {
            ListPath list = listPath(path);
            List<IBase> values = new ArrayList<>(list.child().getAccessor().getValues(list.container()));
            int index = integer("index", 0, values.size());
            values.add(index, newValue(valuePart(), list.child(), list.name()));
            rewrite(list.container(), list.child(), values);
        }

        private void delete(String path) {
            List<IBase> found = evaluate(path);
            if (found.isEmpty()) {
                return; // the spec: deleting what is not there is no error
            }
            if (found.size() > 1) {
                throw PatchProblem.notApplicable(where + ": path '" + path + "' matches " + found.size()
                        + " elements; delete removes one");
            }
            Slot slot = locate(path, found.get(0));
            if (slot.child().getMax() == 1) {
                slot.child().getMutator().setValue(slot.parent(), null);
            } else {
                slot.child().getMutator().remove(slot.parent(), slot.index());
            }
        }

        private void replace(String path) {
            Slot slot = locate(path, single(path));
            IBase value = newValue(valuePart(), slot.child(), slot.child().getElementName());
            if (slot.child().getMax() == 1) {
                slot.child().getMutator().setValue(slot.parent(), value);
                return;
            }
            List<IBase> values = new ArrayList<>(slot.child().getAccessor().getValues(slot.parent()));
            values.set(slot.index(), value);
            rewrite(slot.parent(), slot.child(), values);
        }

        private void move(String path) {
            ListPath list = listPath(path);
            List<IBase> values = new ArrayList<>(list.child().getAccessor().getValues(list.container()));
            if (values.isEmpty()) {
                throw PatchProblem.notApplicable(where + ": '" + path + "' is empty; nothing to move");
            }
            int source = integer("source", 0, values.size() - 1);
            int destination = integer("destination", 0, values.size() - 1);
            values.add(destination, values.remove(source));
            rewrite(list.container(), list.child(), values);
        }

        private record ListPath(IBase container, BaseRuntimeChildDefinition child, String name) {
        }

        /** insert and move name a list: its last step is the list's element name. */
        private ListPath listPath(String path) {
            int dot = lastTopLevelDot(path);
            String name = dot < 0 ? "" : path.substring(dot + 1).trim();
            if (dot < 0 || !name.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw PatchProblem.malformed(where + ": path '" + path + "' must end in the name of a list, e.g. "
                        + "Patient.identifier");
            }
            IBase container = single(path.substring(0, dot));
            BaseRuntimeChildDefinition child = childOf(container, name);
            if (child.getMax() == 1) {
                throw PatchProblem.notApplicable(where + ": '" + name + "' holds one value, not a list");
            }
            return new ListPath(container, child, name);
        }

        private List<IBase> evaluate(String path) {
            try {
                synchronized (fhirPath) {
                    return fhirPath.evaluate(resource, path, IBase.class);
                }
            } catch (RuntimeException e) {
                throw PatchProblem.malformed(where + ": path '" + path + "' is not a FHIRPath expression this "
                        + "server can evaluate: " + e.getMessage());
            }
        }

        private IBase single(String path) {
            List<IBase> found = evaluate(path);
            if (found.size() != 1) {
                throw PatchProblem.notApplicable(where + ": path '" + path + "' matches " + found.size()
                        + " elements; it must match exactly one");
            }
            return found.get(0);
        }

        private Slot locate(String path, IBase target) {
            int dot = lastTopLevelDot(path);
            if (target == resource.getIdElement() || (dot > 0 && path.substring(dot + 1).trim().equals("id")
                    && evaluate(path.substring(0, dot)).stream().anyMatch(container -> container == resource))) {
                throw PatchProblem.forbiddenChange(where + ": path '" + path + "' is the resource's id; a patch may "
                        + "not change the id");
            }
            Slot slot = find(resource, target);
            if (slot == null) {
                throw PatchProblem.notApplicable(where + ": path '" + path + "' names a value computed by FHIRPath, "
                        + "not an element of the resource");
            }
            return slot;
        }

        private BaseRuntimeChildDefinition childOf(IBase container, String name) {
            BaseRuntimeElementDefinition<?> definition = context.getElementDefinition(container.getClass());
            BaseRuntimeChildDefinition child = definition instanceof BaseRuntimeElementCompositeDefinition<?> composite
                    ? childByName(composite, name) : null;
            if (child == null) {
                throw PatchProblem.notApplicable(where + ": a " + container.fhirType() + " has no element '" + name
                        + "'");
            }
            return child;
        }

        private ParametersParameterComponent valuePart() {
            ParametersParameterComponent value = part("value");
            if (value == null) {
                throw PatchProblem.malformed(where + " has no 'value'");
            }
            return value;
        }

        /** A new element for {@code child} from a value part: a typed value, or parts naming its children. */
        private IBase newValue(ParametersParameterComponent part, BaseRuntimeChildDefinition child, String name) {
            if (part.hasValue()) {
                Type value = part.getValue().copy();
                if (child.getChildElementDefinitionByDatatype(value.getClass()) != null) {
                    return value;
                }
                BaseRuntimeElementDefinition<?> target = child.getChildByName(child.getElementName());
                if (value instanceof IPrimitiveType<?> primitive && target != null
                        && target.getChildType() == BaseRuntimeElementDefinition.ChildTypeEnum.PRIMITIVE_DATATYPE) {
                    IPrimitiveType<?> converted = (IPrimitiveType<?>) target.newInstance(
                            child.getInstanceConstructorArguments());
                    try {
                        converted.setValueAsString(primitive.getValueAsString());
                    } catch (RuntimeException e) {
                        throw PatchProblem.notApplicable(where + ": '" + primitive.getValueAsString()
                                + "' is not a valid " + target.getName() + " for '" + name + "'");
                    }
                    return converted;
                }
                throw PatchProblem.notApplicable(where + ": '" + name + "' does not take a " + value.fhirType());
            }
            if (part.hasResource() || !part.hasPart()) {
                throw PatchProblem.malformed(where + ": the value for '" + name + "' must be a value[x] or parts");
            }
            BaseRuntimeElementDefinition<?> target = child.getChildByName(child.getElementName());
            if (!(target instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
                throw PatchProblem.notApplicable(where + ": '" + name + "' takes a typed value, not parts");
            }
            IBase element = composite.newInstance(child.getInstanceConstructorArguments());
            for (ParametersParameterComponent childPart : part.getPart()) {
                BaseRuntimeChildDefinition grandChild = childByName(composite, childPart.getName());
                if (grandChild == null) {
                    throw PatchProblem.notApplicable(where + ": '" + name + "' has no element '" + childPart.getName()
                            + "'");
                }
                IBase value = newValue(childPart, grandChild, childPart.getName());
                if (grandChild.getMax() == 1) {
                    grandChild.getMutator().setValue(element, value);
                } else {
                    grandChild.getMutator().addValue(element, value);
                }
            }
            return element;
        }

        private String text(String name, boolean required) {
            ParametersParameterComponent part = part(name);
            String value = part == null || !part.hasValue() ? null : part.getValue().primitiveValue();
            if (required && (value == null || value.isBlank())) {
                throw PatchProblem.malformed(where + " has no '" + name + "'");
            }
            return value;
        }

        private int integer(String name, int min, int max) {
            String text = text(name, true);
            int value;
            try {
                value = Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw PatchProblem.malformed(where + ": '" + name + "' must be an integer, not '" + text + "'");
            }
            if (value < min || value > max) {
                throw PatchProblem.notApplicable(where + ": " + name + " " + value + " is outside " + min + ".."
                        + max);
            }
            return value;
        }

        private ParametersParameterComponent part(String name) {
            ParametersParameterComponent found = null;
            for (ParametersParameterComponent part : operation.getPart()) {
                if (name.equals(part.getName())) {
                    if (found != null) {
                        throw PatchProblem.malformed(where + " repeats '" + name + "'");
                    }
                    found = part;
                }
            }
            return found;
        }
    }

    private static BaseRuntimeChildDefinition childByName(BaseRuntimeElementCompositeDefinition<?> definition,
            String name) {
        if (name == null) {
            return null;
        }
        BaseRuntimeChildDefinition child = definition.getChildByName(name);
        return child != null ? child : definition.getChildByName(name + "[x]");
    }

    /** The parent, child and index of {@code target} inside {@code parent}, found by identity; null if not there. */
    private Slot find(IBase parent, IBase target) {
        if (!(context.getElementDefinition(parent.getClass())
                instanceof BaseRuntimeElementCompositeDefinition<?> definition)) {
            return null;
        }
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            List<? extends IBase> values = child.getAccessor().getValues(parent);
            for (int i = 0; i < values.size(); i++) {
                IBase value = values.get(i);
                if (value == target) {
                    return new Slot(parent, child, i);
                }
                if (!(value instanceof IPrimitiveType<?>)) {
                    Slot inside = find(value, target);
                    if (inside != null) {
                        return inside;
                    }
                }
            }
        }
        return null;
    }

    private static void rewrite(IBase container, BaseRuntimeChildDefinition child, List<IBase> values) {
        child.getMutator().setValue(container, null);
        for (IBase value : values) {
            child.getMutator().addValue(container, value);
        }
    }

    /** The index of the last '.' outside parentheses, brackets and quotes, or -1. */
    static int lastTopLevelDot(String path) {
        int depth = 0;
        boolean quoted = false;
        int last = -1;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\'' && (i == 0 || path.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            } else if (!quoted && (c == '(' || c == '[')) {
                depth++;
            } else if (!quoted && (c == ')' || c == ']')) {
                depth--;
            } else if (!quoted && depth == 0 && c == '.') {
                last = i;
            }
        }
        return last;
    }
}
