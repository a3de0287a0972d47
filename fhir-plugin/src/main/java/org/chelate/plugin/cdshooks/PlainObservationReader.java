package org.chelate.plugin.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ShortNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.EnumFactory;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * Builds the Observations of a prefetch Bundle straight from the request's JSON tree, when they have the plain shape
 * labs and scores have in practice (codes, subject, effective time, a quantity, integer, concept or string value,
 * reference ranges, interpretation, meta). HAPI's parser does the same work through its generic, reflective model
 * and costs several times as much; with hundreds of Observations per call it was most of a call's CPU.
 *
 * <p>The reader never decides that input is wrong. Each value goes through the same HAPI type HAPI's parser would
 * fill ({@code setValueAsString}), and anything outside the plain shape (an element it does not know, an extension,
 * a primitive's {@code _element}, narrative, a JSON type other than the one FHIR prescribes, an empty string or
 * array, a value its HAPI type refuses) sends the resource to HAPI's strict parser instead, which then accepts it
 * or reports the error exactly as before. What it builds equals, by {@code equalsDeep} and id, what HAPI's parser
 * builds from the same JSON; {@code PlainObservationReaderTest} checks this on generated and mutated records. (HAPI
 * also points references at resources of the same Bundle; nothing Chelate reads follows them, and the Observations'
 * references name Patients, Encounters and Practitioners, which an observations Bundle does not hold.)
 */
final class PlainObservationReader {

    private static final Set<String> BUNDLE_ENTRY_KEYS = Set.of("fullUrl", "resource", "search");

    /** Thrown when the JSON leaves the plain shape; the caller hands the resource to HAPI. Carries no stack. */
    private static final class NotPlain extends RuntimeException {
        private static final NotPlain INSTANCE = new NotPlain();

        private NotPlain() {
            super("not a plain Observation", null, false, false);
        }
    }

    /**
     * The Bundle, with each plain Observation entry built directly and every other entry resource parsed by
     * {@code hapi}; empty when the Bundle itself (its entries' own fields) is not plain, so the caller parses all of
     * it with HAPI. The Bundle's other elements (type, total, link, meta) are parsed by {@code hapi} as well.
     *
     * @param hapi HAPI's strict parse of one resource's JSON tree (throws as the caller's parse would)
     */
    Optional<Bundle> readBundle(ObjectNode bundle, Function<ObjectNode, IBaseResource> hapi) {
        JsonNode entries = bundle.get("entry");
        if (!(entries instanceof ArrayNode array) || array.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode entry : array) {
            if (!(entry instanceof ObjectNode object) || !onlyKeys(object, BUNDLE_ENTRY_KEYS)) {
                return Optional.empty();
            }
        }
        ObjectNode shellJson = bundle.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = bundle.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!"entry".equals(field.getKey())) {
                shellJson.set(field.getKey(), field.getValue());
            }
        }
        if (!(hapi.apply(shellJson) instanceof Bundle shell)) {
            return Optional.empty();
        }
        try {
            for (JsonNode entry : array) {
                shell.addEntry(entry((ObjectNode) entry, hapi));
            }
        } catch (NotPlain e) {
            return Optional.empty();
        }
        return Optional.of(shell);
    }

    /** The Observation built from its JSON, or empty when it is not plain (then HAPI must parse it). */
    Optional<Observation> read(ObjectNode json) {
        try {
            return Optional.of(observation(json));
        } catch (NotPlain e) {
            return Optional.empty();
        }
    }

    private Bundle.BundleEntryComponent entry(ObjectNode json, Function<ObjectNode, IBaseResource> hapi) {
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent();
        JsonNode fullUrl = json.get("fullUrl");
        if (fullUrl != null) {
            entry.setFullUrlElement(primitive(fullUrl, new UriType()));
        }
        JsonNode search = json.get("search");
        if (search != null) {
            Fields s = new Fields(search);
            Bundle.BundleEntrySearchComponent component = entry.getSearch();
            JsonNode v;
            if ((v = s.take("mode")) != null) {
                component.setModeElement(enumeration(v, new Bundle.SearchEntryModeEnumFactory()));
            }
            if ((v = s.take("score")) != null) {
                component.setScoreElement(decimal(v));
            }
            s.requireAllTaken();
        }
        JsonNode resourceJson = json.get("resource");
        if (resourceJson != null) {
            if (!(resourceJson instanceof ObjectNode object)) {
                throw NotPlain.INSTANCE;
            }
            Resource resource = "Observation".equals(object.path("resourceType").textValue())
                    ? read(object).map(Resource.class::cast).orElseGet(() -> (Resource) hapi.apply(object))
                    : (Resource) hapi.apply(object);
            entry.setResource(resource);
            if (entry.hasFullUrlElement() && !entry.getFullUrlElement().isEmpty()) {
                // as HAPI's JSON parser does: the entry's fullUrl becomes the resource's id, keeping its version
                String versionId = resource.getIdElement().getVersionIdPart();
                resource.setId(entry.getFullUrl());
                if (versionId != null && !versionId.isBlank() && !resource.getIdElement().hasVersionIdPart()) {
                    resource.setId(resource.getIdElement().withVersion(versionId));
                }
            }
        }
        return entry;
    }

    private Observation observation(ObjectNode json) {
        Observation o = new Observation();
        int effective = 0;
        int value = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey()) {
                case "resourceType" -> {
                    if (!"Observation".equals(v.textValue())) {
                        throw NotPlain.INSTANCE;
                    }
                }
                case "id" -> o.setIdElement(primitive(v, new IdType()));
                case "meta" -> o.setMeta(meta(v));
                case "status" -> o.setStatusElement(enumeration(v, new Observation.ObservationStatusEnumFactory()));
                case "category" -> {
                    for (JsonNode c : array(v)) {
                        o.addCategory(concept(c));
                    }
                }
                case "code" -> o.setCode(concept(v));
                case "subject" -> o.setSubject(reference(v));
                case "encounter" -> o.setEncounter(reference(v));
                case "performer" -> {
                    for (JsonNode p : array(v)) {
                        o.addPerformer(reference(p));
                    }
                }
                case "effectiveDateTime" -> {
                    effective++;
                    o.setEffective(primitive(v, new DateTimeType()));
                }
                case "effectivePeriod" -> {
                    effective++;
                    o.setEffective(period(v));
                }
                case "effectiveInstant" -> {
                    effective++;
                    o.setEffective(primitive(v, new InstantType()));
                }
                case "issued" -> o.setIssuedElement(primitive(v, new InstantType()));
                case "valueQuantity" -> {
                    value++;
                    o.setValue(quantity(v));
                }
                case "valueInteger" -> {
                    value++;
                    o.setValue(integer(v));
                }
                case "valueCodeableConcept" -> {
                    value++;
                    o.setValue(concept(v));
                }
                case "valueString" -> {
                    value++;
                    o.setValue(primitive(v, new StringType()));
                }
                case "dataAbsentReason" -> o.setDataAbsentReason(concept(v));
                case "interpretation" -> {
                    for (JsonNode c : array(v)) {
                        o.addInterpretation(concept(c));
                    }
                }
                case "method" -> o.setMethod(concept(v));
                case "referenceRange" -> {
                    for (JsonNode r : array(v)) {
                        o.addReferenceRange(range(r));
                    }
                }
                default -> throw NotPlain.INSTANCE;
            }
        }
        if (effective > 1 || value > 1) {
            throw NotPlain.INSTANCE;
        }
        String idPart = o.getIdElement().getIdPart();
        if (idPart != null && !idPart.isBlank() && !idPart.startsWith("urn:")) {
            // as HAPI's parser does once a resource is read: the id carries its type and meta.versionId
            String versionId = o.getMeta().getVersionId();
            o.getIdElement().setValue("Observation/" + idPart
                    + (versionId == null || versionId.isBlank() ? "" : "/_history/" + versionId));
        }
        return o;
    }

    private static Meta meta(JsonNode json) {
        Fields m = new Fields(json);
        Meta meta = new Meta();
        JsonNode v;
        if ((v = m.take("versionId")) != null) {
            meta.setVersionIdElement(primitive(v, new IdType()));
        }
        if ((v = m.take("lastUpdated")) != null) {
            meta.setLastUpdatedElement(primitive(v, new InstantType()));
        }
        if ((v = m.take("source")) != null) {
            meta.setSourceElement(primitive(v, new UriType()));
        }
        if ((v = m.take("profile")) != null) {
            for (JsonNode p : array(v)) {
                meta.getProfile().add(primitive(p, new CanonicalType()));
            }
        }
        m.requireAllTaken();
        return meta;
    }

    private static CodeableConcept concept(JsonNode json) {
        Fields c = new Fields(json);
        CodeableConcept concept = new CodeableConcept();
        JsonNode v;
        if ((v = c.take("coding")) != null) {
            for (JsonNode coding : array(v)) {
                concept.addCoding(coding(coding));
            }
        }
        if ((v = c.take("text")) != null) {
            concept.setTextElement(primitive(v, new StringType()));
        }
        c.requireAllTaken();
        return concept;
    }

    private static Coding coding(JsonNode json) {
        Fields c = new Fields(json);
        Coding coding = new Coding();
        JsonNode v;
        if ((v = c.take("system")) != null) {
            coding.setSystemElement(primitive(v, new UriType()));
        }
        if ((v = c.take("version")) != null) {
            coding.setVersionElement(primitive(v, new StringType()));
        }
        if ((v = c.take("code")) != null) {
            coding.setCodeElement(primitive(v, new CodeType()));
        }
        if ((v = c.take("display")) != null) {
            coding.setDisplayElement(primitive(v, new StringType()));
        }
        if ((v = c.take("userSelected")) != null) {
            if (!v.isBoolean()) {
                throw NotPlain.INSTANCE;
            }
            coding.setUserSelectedElement(new BooleanType(v.booleanValue()));
        }
        c.requireAllTaken();
        return coding;
    }

    private static Reference reference(JsonNode json) {
        Fields r = new Fields(json);
        Reference reference = new Reference();
        JsonNode v;
        if ((v = r.take("reference")) != null) {
            reference.setReferenceElement(primitive(v, new StringType()));
        }
        if ((v = r.take("type")) != null) {
            reference.setTypeElement(primitive(v, new UriType()));
        }
        if ((v = r.take("display")) != null) {
            reference.setDisplayElement(primitive(v, new StringType()));
        }
        r.requireAllTaken();
        return reference;
    }

    private static Quantity quantity(JsonNode json) {
        Fields q = new Fields(json);
        Quantity quantity = new Quantity();
        JsonNode v;
        if ((v = q.take("value")) != null) {
            quantity.setValueElement(decimal(v));
        }
        if ((v = q.take("comparator")) != null) {
            quantity.setComparatorElement(enumeration(v, new Quantity.QuantityComparatorEnumFactory()));
        }
        if ((v = q.take("unit")) != null) {
            quantity.setUnitElement(primitive(v, new StringType()));
        }
        if ((v = q.take("system")) != null) {
            quantity.setSystemElement(primitive(v, new UriType()));
        }
        if ((v = q.take("code")) != null) {
            quantity.setCodeElement(primitive(v, new CodeType()));
        }
        q.requireAllTaken();
        return quantity;
    }

    private static Period period(JsonNode json) {
        Fields p = new Fields(json);
        Period period = new Period();
        JsonNode v;
        if ((v = p.take("start")) != null) {
            period.setStartElement(primitive(v, new DateTimeType()));
        }
        if ((v = p.take("end")) != null) {
            period.setEndElement(primitive(v, new DateTimeType()));
        }
        p.requireAllTaken();
        return period;
    }

    private static Observation.ObservationReferenceRangeComponent range(JsonNode json) {
        Fields r = new Fields(json);
        Observation.ObservationReferenceRangeComponent range = new Observation.ObservationReferenceRangeComponent();
        JsonNode v;
        if ((v = r.take("low")) != null) {
            range.setLow(quantity(v));
        }
        if ((v = r.take("high")) != null) {
            range.setHigh(quantity(v));
        }
        if ((v = r.take("type")) != null) {
            range.setType(concept(v));
        }
        if ((v = r.take("text")) != null) {
            range.setTextElement(primitive(v, new StringType()));
        }
        r.requireAllTaken();
        return range;
    }

    /** The members of a non-empty JSON object, taken one by one: any left untaken make it not plain. */
    private static final class Fields {
        private final ObjectNode object;
        private int taken;

        Fields(JsonNode json) {
            if (!(json instanceof ObjectNode o) || o.isEmpty()) {
                throw NotPlain.INSTANCE;
            }
            this.object = o;
        }

        JsonNode take(String name) {
            JsonNode value = object.get(name);
            if (value != null) {
                taken++;
            }
            return value;
        }

        void requireAllTaken() {
            if (taken != object.size()) {
                throw NotPlain.INSTANCE;
            }
        }
    }

    private static boolean onlyKeys(ObjectNode object, Set<String> keys) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            if (!keys.contains(names.next())) {
                return false;
            }
        }
        return true;
    }

    private static ArrayNode array(JsonNode json) {
        if (!(json instanceof ArrayNode array) || array.isEmpty()) {
            throw NotPlain.INSTANCE;
        }
        return array;
    }

    /** A string-valued primitive, filled as HAPI's parser fills it. */
    private static <T extends PrimitiveType<?>> T primitive(JsonNode json, T type) {
        if (!json.isTextual() || json.textValue().isEmpty()) {
            throw NotPlain.INSTANCE;
        }
        try {
            type.setValueAsString(json.textValue());
        } catch (RuntimeException refused) {
            throw NotPlain.INSTANCE;
        }
        return type;
    }

    private static <E extends Enum<E>> Enumeration<E> enumeration(JsonNode json, EnumFactory<E> factory) {
        return primitive(json, new Enumeration<>(factory));
    }

    /** A JSON number as HAPI's parser reads it from an exact-decimal tree (other number nodes are left to HAPI). */
    private static DecimalType decimal(JsonNode json) {
        String text;
        if (json instanceof DecimalNode) {
            text = json.decimalValue().toPlainString();
        } else if (json instanceof IntNode || json instanceof LongNode || json instanceof ShortNode
                || json instanceof BigIntegerNode) {
            text = json.asText();
        } else {
            throw NotPlain.INSTANCE;
        }
        DecimalType decimal = new DecimalType();
        try {
            decimal.setValueAsString(text);
        } catch (RuntimeException refused) {
            throw NotPlain.INSTANCE;
        }
        return decimal;
    }

    private static IntegerType integer(JsonNode json) {
        if (!(json instanceof IntNode) && !(json instanceof ShortNode)) {
            throw NotPlain.INSTANCE;
        }
        IntegerType integer = new IntegerType();
        integer.setValueAsString(json.asText());
        return integer;
    }
}
