package org.chelate.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumeration;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;

/** Extracts the index rows of a resource from the values its indexed search parameters select. */
public final class IndexExtractor {

    static final int MAX_CODE = 255;
    static final int MAX_SYSTEM = 512;
    static final int MAX_STRING = 255;
    static final int MAX_ID = 64;

    private final IndexedParams params;
    private final FhirContext context;

    public IndexExtractor(IndexedParams params) {
        this.params = params;
        this.context = params.context();
    }

    public ResourceIndex extract(IBaseResource resource) {
        String type = context.getResourceType(resource);
        List<ResourceIndex.Token> tokens = new ArrayList<>();
        List<ResourceIndex.Text> strings = new ArrayList<>();
        List<ResourceIndex.DateSpan> dates = new ArrayList<>();
        List<ResourceIndex.Ref> references = new ArrayList<>();
        List<ResourceIndex.Amount> amounts = new ArrayList<>();
        for (IndexedParam param : params.paramsOf(type)) {
            for (ElementPath path : param.paths()) {
                for (IBase value : path.evaluate(context, resource)) {
                    switch (param.type()) {
                        case TOKEN -> addTokens(param.name(), value, tokens);
                        case STRING -> addStrings(param.name(), value, strings);
                        case DATE -> addDates(param.name(), value, dates);
                        case REFERENCE -> addReference(param.name(), value, references);
                        case URI -> addUri(param.name(), value, tokens);
                        case NUMBER, QUANTITY -> addAmount(param.name(), value, amounts);
                        default -> throw new IllegalStateException("not indexable: " + param.type());
                    }
                }
            }
        }
        return new ResourceIndex(distinct(tokens), distinct(strings), distinct(dates), distinct(references),
                distinct(amounts));
    }

    private static <T> List<T> distinct(List<T> rows) {
        return rows.size() < 2 ? rows : rows.stream().distinct().toList();
    }

    private static void addTokens(String param, IBase value, List<ResourceIndex.Token> out) {
        if (value instanceof CodeableConcept concept) {
            for (Coding coding : concept.getCoding()) {
                addToken(param, coding.getSystem(), coding.getCode(), out);
            }
        } else if (value instanceof Coding coding) {
            addToken(param, coding.getSystem(), coding.getCode(), out);
        } else if (value instanceof Identifier identifier) {
            addToken(param, identifier.getSystem(), identifier.getValue(), out);
        } else if (value instanceof ContactPoint contact) {
            addToken(param, contact.hasSystem() ? contact.getSystem().toCode() : null, contact.getValue(), out);
        } else if (value instanceof Enumeration<?> enumeration) {
            addToken(param, enumeration.getSystem(), enumeration.getValueAsString(), out);
        } else if (value instanceof BooleanType bool) {
            addToken(param, null, bool.getValueAsString(), out);
        } else if (value instanceof PrimitiveType<?> primitive) {
            addToken(param, null, primitive.getValueAsString(), out);
        }
    }

    private static void addToken(String param, String system, String code, List<ResourceIndex.Token> out) {
        if (code == null || code.isBlank()) {
            return;
        }
        String cleanSystem = system == null || system.isBlank() ? null : truncate(system, MAX_SYSTEM);
        out.add(new ResourceIndex.Token(param, cleanSystem, truncate(code, MAX_CODE)));
    }

    private static void addStrings(String param, IBase value, List<ResourceIndex.Text> out) {
        if (value instanceof HumanName name) {
            addString(param, name.getText(), out);
            addString(param, name.getFamily(), out);
            name.getGiven().forEach(part -> addString(param, part.getValue(), out));
            name.getPrefix().forEach(part -> addString(param, part.getValue(), out));
            name.getSuffix().forEach(part -> addString(param, part.getValue(), out));
        } else if (value instanceof Address address) {
            addString(param, address.getText(), out);
            address.getLine().forEach(line -> addString(param, line.getValue(), out));
            addString(param, address.getCity(), out);
            addString(param, address.getDistrict(), out);
            addString(param, address.getState(), out);
            addString(param, address.getPostalCode(), out);
            addString(param, address.getCountry(), out);
        } else if (value instanceof StringType text) {
            addString(param, text.getValue(), out);
        } else if (value instanceof PrimitiveType<?> primitive) {
            addString(param, primitive.getValueAsString(), out);
        }
    }

    private static void addString(String param, String value, List<ResourceIndex.Text> out) {
        if (value == null || value.isBlank()) {
            return;
        }
        String exact = truncate(value, MAX_STRING);
        out.add(new ResourceIndex.Text(param, truncate(TextNormalizer.normalize(value), MAX_STRING), exact));
    }

    private static void addDates(String param, IBase value, List<ResourceIndex.DateSpan> out) {
        if (value instanceof BaseDateTimeType date) {
            addSpan(param, DateSpans.of(date), out);
        } else if (value instanceof Period period) {
            DateSpans.Span start = DateSpans.of(period.getStartElement());
            DateSpans.Span end = DateSpans.of(period.getEndElement());
            if (start != null || end != null) {
                out.add(new ResourceIndex.DateSpan(param,
                        start == null ? DateSpans.MIN : start.lowMs(),
                        end == null ? DateSpans.MAX : end.highMs()));
            }
        } else if (value instanceof Timing timing) {
            long low = Long.MAX_VALUE;
            long high = Long.MIN_VALUE;
            for (var event : timing.getEvent()) {
                DateSpans.Span span = DateSpans.of(event);
                if (span != null) {
                    low = Math.min(low, span.lowMs());
                    high = Math.max(high, span.highMs());
                }
            }
            if (low <= high) {
                out.add(new ResourceIndex.DateSpan(param, low, high));
            }
        }
    }

    private static void addSpan(String param, DateSpans.Span span, List<ResourceIndex.DateSpan> out) {
        if (span != null) {
            out.add(new ResourceIndex.DateSpan(param, span.lowMs(), span.highMs()));
        }
    }

    private static void addReference(String param, IBase value, List<ResourceIndex.Ref> out) {
        IIdType target;
        if (value instanceof Reference reference) {
            target = reference.getReferenceElement();
        } else if (value instanceof CanonicalType canonical && canonical.getValue() != null) {
            String url = canonical.getValue();
            target = new org.hl7.fhir.r4.model.IdType(url.contains("|") ? url.substring(0, url.indexOf('|')) : url);
        } else {
            return;
        }
        if (target == null || target.isLocal() || !target.hasResourceType() || !target.hasIdPart()) {
            return;
        }
        if (target.getIdPart().length() > MAX_ID || target.getResourceType().length() > MAX_ID) {
            return;
        }
        out.add(new ResourceIndex.Ref(param, target.getResourceType(), target.getIdPart()));
    }

    /** A uri is searched by its whole value: a token without a system. */
    private static void addUri(String param, IBase value, List<ResourceIndex.Token> out) {
        if (value instanceof UriType uri) {
            addToken(param, null, uri.getValue(), out);
        } else if (value instanceof PrimitiveType<?> primitive) {
            addToken(param, null, primitive.getValueAsString(), out);
        }
    }

    private static void addAmount(String param, IBase value, List<ResourceIndex.Amount> out) {
        if (value instanceof Quantity quantity && quantity.getValue() != null) {
            String code = quantity.hasCode() ? quantity.getCode() : quantity.getUnit();
            String system = quantity.hasSystem() ? truncate(quantity.getSystem(), MAX_SYSTEM) : null;
            out.add(new ResourceIndex.Amount(param, system, code == null ? null : truncate(code, MAX_CODE),
                    Amounts.micros(quantity.getValue())));
        } else if (value instanceof DecimalType decimal && decimal.getValue() != null) {
            out.add(new ResourceIndex.Amount(param, null, null, Amounts.micros(decimal.getValue())));
        } else if (value instanceof IntegerType integer && integer.getValue() != null) {
            out.add(new ResourceIndex.Amount(param, null, null,
                    Amounts.micros(java.math.BigDecimal.valueOf(integer.getValue()))));
        }
    }

    static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
