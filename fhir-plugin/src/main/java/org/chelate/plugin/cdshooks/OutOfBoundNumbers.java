package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.chelate.plugin.numbers.DecimalBounds;

/**
 * Finds numbers outside {@link DecimalBounds} in a request's JSON tree before anything parses, adds, rounds or prints
 * them, and takes the records that hold them out of their Bundle: such a record is not read, and the call's
 * {@link DataGaps} names it. One pass over the tree; numbers the JSON reader made ints or longs cost one comparison.
 */
final class OutOfBoundNumbers {

    private OutOfBoundNumbers() {
    }

    /**
     * Removes from {@code bundle}'s entries each resource holding an out-of-bound number, noting it in {@code gaps}.
     *
     * @return false when the Bundle itself (outside its entries) holds one: then none of it can be read
     */
    static boolean dropFromBundle(ObjectNode bundle, String what, DataGaps gaps) {
        JsonNode entries = bundle.get("entry");
        for (Map.Entry<String, JsonNode> field : bundle.properties()) {
            if (!field.getKey().equals("entry") && firstIn(field.getValue(), field.getKey()).isPresent()) {
                return false;
            }
        }
        if (!(entries instanceof ArrayNode array)) {
            return true;
        }
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            JsonNode entry = it.next();
            JsonNode resource = entry.get("resource");
            Optional<String> found = Optional.empty();
            for (Map.Entry<String, JsonNode> field : entry.properties()) {
                found = firstIn(field.getValue(), field.getKey().equals("resource") ? "" : "entry." + field.getKey());
                if (found.isPresent()) {
                    break;
                }
            }
            if (found.isPresent()) {
                gaps.recordNotRead(reference(resource), what, found.get());
                it.remove();
            }
        }
        return true;
    }

    /** The path and problem of the first out-of-bound number in {@code node}, if any ("dosage[0].doseQuantity.value"). */
    static Optional<String> firstIn(JsonNode node, String path) {
        // the path is built only for a number found: the scan visits every object and array of a large prefetch
        List<Object> trail = new ArrayList<>();
        String problem = scan(node, trail);
        return problem == null ? Optional.empty() : Optional.of(pathOf(path, trail) + " is " + problem);
    }

    /** The problem of the first out-of-bound number, with {@code trail} left at its field names and indexes; or null. */
    private static String scan(JsonNode node, List<Object> trail) {
        if (node instanceof NumericNode) {
            return problem(node).orElse(null);
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (!(value instanceof ContainerNode) && !(value instanceof NumericNode)) {
                    continue;
                }
                trail.add(field.getKey());
                String found = scan(value, trail);
                if (found != null) {
                    return found;
                }
                trail.remove(trail.size() - 1);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (!(value instanceof ContainerNode) && !(value instanceof NumericNode)) {
                    continue;
                }
                trail.add(i);
                String found = scan(value, trail);
                if (found != null) {
                    return found;
                }
                trail.remove(trail.size() - 1);
            }
        }
        return null;
    }

    /** "a.b[2].c" from a root path and the field names (strings) and indexes (integers) below it. */
    private static String pathOf(String root, List<Object> trail) {
        StringBuilder path = new StringBuilder(root);
        for (Object step : trail) {
            if (step instanceof Integer index) {
                path.append('[').append(index).append(']');
            } else {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append((String) step);
            }
        }
        return path.toString();
    }

    private static Optional<String> problem(JsonNode number) {
        if (number.isInt() || number.isLong() || number.isShort()) {
            return DecimalBounds.within(number.longValue()) ? Optional.empty()
                    : DecimalBounds.problem(BigDecimal.valueOf(number.longValue()));
        }
        if (number.isBigInteger()) {
            return DecimalBounds.problem(new BigDecimal(number.bigIntegerValue()));
        }
        if (number.isFloatingPointNumber() && !number.isBigDecimal()) {
            double d = number.doubleValue();
            return Double.isFinite(d) ? DecimalBounds.problem(new BigDecimal(Double.toString(d)))
                    : Optional.of("not a finite number");
        }
        return DecimalBounds.problem(number.decimalValue());
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "\u2026";
    }

    /** "MedicationStatement/abc" for an entry's resource, or its type alone when it has no id. */
    static String reference(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            return "an entry without a resource";
        }
        String type = shortened(resource.path("resourceType").asText("resource"));
        JsonNode id = resource.get("id");
        return id != null && id.isTextual() ? type + "/" + shortened(id.asText()) : type + " (no id)";
    }
}
