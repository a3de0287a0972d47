package org.chelate.terminology.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.context.support.ValueSetExpansionOptions;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.chelate.terminology.salt.SaltTable;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ConceptMap;
import org.hl7.fhir.r4.model.ConceptMap.ConceptMapGroupComponent;
import org.hl7.fhir.r4.model.ConceptMap.SourceElementComponent;
import org.hl7.fhir.r4.model.ConceptMap.TargetElementComponent;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ValueSetExpansionContainsComponent;

/**
 * The logic behind $lookup, $expand, $validate-code and $translate, independent of HTTP. Chelate's own code
 * systems are answered from their resources; other systems the validation chain knows (FHIR EventTiming, UCUM, ...)
 * are answered by HAPI's validation support.
 */
public final class TerminologyOperations {

    private final FhirContext ctx;
    private final ChelateTerminology terminology;
    private final ValidationSupportChain chain;

    public TerminologyOperations(FhirContext ctx) {
        this.ctx = ctx;
        this.terminology = ChelateTerminology.forContext(ctx);
        this.chain = ChelateValidationSupport.validationChain(ctx);
    }

    public ChelateTerminology terminology() {
        return terminology;
    }

    /** CodeSystem/$lookup. Unknown system or code: 404. */
    public Parameters lookup(String system, String code, List<String> properties) {
        requireText(system, "system");
        requireText(code, "code");
        Optional<CodeSystem> ours = terminology.codeSystem(system);
        if (ours.isPresent()) {
            CodeSystem cs = ours.get();
            ConceptDefinitionComponent concept = org.chelate.terminology.resources.Concepts.flatten(cs).stream()
                    .filter(c -> c.getCode().equals(code)).findFirst()
                    .orElseThrow(() -> new ResourceNotFoundException("Code '" + code + "' is not in CodeSystem " + system));
            return lookupResult(cs, concept, properties);
        }
        ValidationSupportContext vsc = new ValidationSupportContext(chain);
        if (!chain.isCodeSystemSupported(vsc, system)) {
            throw new ResourceNotFoundException("CodeSystem " + system + " is not known to this server");
        }
        IValidationSupport.LookupCodeResult result = chain.lookupCode(vsc, new LookupCodeRequest(system, code, null, properties));
        if (result == null || !result.isFound()) {
            throw new ResourceNotFoundException("Code '" + code + "' is not in CodeSystem " + system);
        }
        return (Parameters) result.toParameters(ctx, null);
    }

    private Parameters lookupResult(CodeSystem cs, ConceptDefinitionComponent concept, List<String> wanted) {
        Parameters out = new Parameters();
        out.addParameter("name", cs.getName());
        if (cs.hasVersion()) {
            out.addParameter("version", cs.getVersion());
        }
        out.addParameter("display", concept.getDisplay());
        if (concept.hasDefinition()) {
            out.addParameter("definition", concept.getDefinition());
        }
        concept.getDesignation().forEach(d -> {
            ParametersParameterComponent p = out.addParameter().setName("designation");
            if (d.hasLanguage()) {
                p.addPart().setName("language").setValue(new CodeType(d.getLanguage()));
            }
            p.addPart().setName("value").setValue(new StringType(d.getValue()));
        });
        for (CodeSystem.ConceptPropertyComponent prop : concept.getProperty()) {
            if (wants(wanted, prop.getCode())) {
                ParametersParameterComponent p = out.addParameter().setName("property");
                p.addPart().setName("code").setValue(new CodeType(prop.getCode()));
                p.addPart().setName("value").setValue(prop.getValue().copy());
            }
        }
        concept.getConcept().forEach(child -> {
            if (wants(wanted, "child")) {
                ParametersParameterComponent p = out.addParameter().setName("property");
                p.addPart().setName("code").setValue(new CodeType("child"));
                p.addPart().setName("value").setValue(new CodeType(child.getCode()));
            }
        });
        SaltTable.standard().byCoding(cs.getUrl(), concept.getCode()).ifPresent(salt -> {
            if (wants(wanted, "elementalFraction")) {
                ParametersParameterComponent p = out.addParameter().setName("property");
                p.addPart().setName("code").setValue(new CodeType("elementalFraction"));
                p.addPart().setName("value").setValue(new DecimalType(salt.elementalFraction()));
            }
        });
        return out;
    }

    private static boolean wants(List<String> wanted, String property) {
        return wanted == null || wanted.isEmpty() || wanted.contains(property) || wanted.contains("*");
    }

    /** ValueSet/$expand of one of our value sets, with an optional text filter (case-insensitive, on code and display). */
    public ValueSet expand(ValueSet valueSet, String filter, Integer offset, Integer count) {
        if (offset != null && offset < 0 || count != null && count < 0) {
            throw new InvalidRequestException("offset and count must not be negative");
        }
        ValueSetExpansionOptions options = new ValueSetExpansionOptions().setFailOnMissingCodeSystem(false);
        options.setCount(100_000);
        IValidationSupport.ValueSetExpansionOutcome outcome =
                chain.expandValueSet(new ValidationSupportContext(chain), options, valueSet);
        if (outcome == null || outcome.getValueSet() == null) {
            throw new InvalidRequestException("ValueSet " + valueSet.getUrl() + " cannot be expanded"
                    + (outcome != null && outcome.getError() != null ? ": " + outcome.getError() : ""));
        }
        ValueSet expanded = (ValueSet) outcome.getValueSet();
        List<ValueSetExpansionContainsComponent> all = new ArrayList<>();
        flattenContains(expanded.getExpansion().getContains(), all);
        List<ValueSetExpansionContainsComponent> matching = all.stream().filter(c -> matchesFilter(c, filter)).toList();
        int from = offset == null ? 0 : Math.min(offset, matching.size());
        int to = count == null ? matching.size() : Math.min(matching.size(), from + count);

        ValueSet result = valueSet.copy();
        result.setCompose(null);
        ValueSet.ValueSetExpansionComponent expansion = result.getExpansion();
        expansion.setIdentifier("urn:uuid:" + java.util.UUID.randomUUID());
        expansion.setTimestamp(new java.util.Date());
        expansion.setTotal(matching.size());
        expansion.setOffset(from);
        if (filter != null && !filter.isBlank()) {
            expansion.addParameter().setName("filter").setValue(new StringType(filter));
        }
        if (count != null) {
            expansion.addParameter().setName("count").setValue(new IntegerType(count));
        }
        for (ValueSetExpansionContainsComponent c : matching.subList(from, to)) {
            expansion.addContains().setSystem(c.getSystem()).setCode(c.getCode()).setDisplay(displayOf(c));
        }
        return result;
    }

    private String displayOf(ValueSetExpansionContainsComponent c) {
        if (c.hasDisplay()) {
            return c.getDisplay();
        }
        return terminology.codeSystem(c.getSystem())
                .flatMap(cs -> org.chelate.terminology.resources.Concepts.flatten(cs).stream()
                        .filter(x -> x.getCode().equals(c.getCode())).findFirst())
                .map(ConceptDefinitionComponent::getDisplay).orElse(null);
    }

    private static void flattenContains(List<ValueSetExpansionContainsComponent> in, List<ValueSetExpansionContainsComponent> out) {
        for (ValueSetExpansionContainsComponent c : in) {
            if (c.hasCode()) {
                out.add(c);
            }
            flattenContains(c.getContains(), out);
        }
    }

    private static boolean matchesFilter(ValueSetExpansionContainsComponent c, String filter) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String f = filter.toLowerCase(Locale.ROOT).trim();
        return (c.getDisplay() != null && c.getDisplay().toLowerCase(Locale.ROOT).contains(f))
                || c.getCode().toLowerCase(Locale.ROOT).contains(f);
    }

    /** ValueSet/$validate-code: always a Parameters with result true/false and a message when false. */
    public Parameters validateCode(ValueSet valueSet, String system, String code, String display) {
        requireText(code, "code");
        ConceptValidationOptions options = new ConceptValidationOptions().setInferSystem(system == null || system.isBlank());
        IValidationSupport.CodeValidationResult r = chain.validateCodeInValueSet(
                new ValidationSupportContext(chain), options, system, code, display, valueSet);
        Parameters out = new Parameters();
        boolean ok = r != null && r.isOk() && r.getSeverity() != IValidationSupport.IssueSeverity.ERROR;
        out.addParameter("result", ok);
        if (!ok) {
            out.addParameter("message", r != null && r.getMessage() != null ? r.getMessage()
                    : "Code '" + code + "'" + (system == null ? "" : " from system " + system) + " is not in ValueSet " + valueSet.getUrl());
        } else {
            if (r.getDisplay() != null) {
                out.addParameter("display", r.getDisplay());
            }
            if (r.getMessage() != null) {
                out.addParameter("message", r.getMessage());
            }
        }
        if (system != null) {
            out.addParameter().setName("system").setValue(new UriType(system));
        }
        out.addParameter().setName("code").setValue(new CodeType(code));
        return out;
    }

    /** CodeSystem/$validate-code: result true/false with a message; an unknown system is a 404. */
    public Parameters validateCodeInCodeSystem(String system, String code, String display) {
        requireText(system, "url");
        requireText(code, "code");
        ValidationSupportContext vsc = new ValidationSupportContext(chain);
        if (terminology.codeSystem(system).isEmpty() && !chain.isCodeSystemSupported(vsc, system)) {
            throw new ResourceNotFoundException("CodeSystem " + system + " is not known to this server");
        }
        IValidationSupport.CodeValidationResult r = chain.validateCode(vsc, new ConceptValidationOptions(), system, code, display, null);
        Parameters out = new Parameters();
        boolean ok = r != null && r.isOk() && r.getSeverity() != IValidationSupport.IssueSeverity.ERROR;
        out.addParameter("result", ok);
        if (r != null && r.getDisplay() != null) {
            out.addParameter("display", r.getDisplay());
        }
        if (!ok || r.getMessage() != null) {
            out.addParameter("message", r != null && r.getMessage() != null ? r.getMessage()
                    : "Code '" + code + "' is not in CodeSystem " + system);
        }
        return out;
    }

    /**
     * ConceptMap/$translate over the given maps: result=false with a message when nothing matches.
     *
     * @param targetSystem optional restriction of the targets
     */
    public Parameters translate(List<ConceptMap> maps, String system, String code, String targetSystem) {
        requireText(system, "system");
        requireText(code, "code");
        Parameters out = new Parameters();
        List<ParametersParameterComponent> matches = new ArrayList<>();
        for (ConceptMap map : maps) {
            for (ConceptMapGroupComponent group : map.getGroup()) {
                if (!system.equals(group.getSource())
                        || targetSystem != null && !targetSystem.isBlank() && !targetSystem.equals(group.getTarget())) {
                    continue;
                }
                for (SourceElementComponent element : group.getElement()) {
                    if (!code.equals(element.getCode())) {
                        continue;
                    }
                    for (TargetElementComponent target : element.getTarget()) {
                        ParametersParameterComponent match = new ParametersParameterComponent().setName("match");
                        match.addPart().setName("equivalence").setValue(new CodeType(target.getEquivalence().toCode()));
                        match.addPart().setName("concept").setValue(new Coding(group.getTarget(), target.getCode(), target.getDisplay()));
                        for (ConceptMap.OtherElementComponent product : target.getProduct()) {
                            ParametersParameterComponent p = match.addPart().setName("product");
                            p.addPart().setName("element").setValue(new StringType(product.getProperty()));
                            p.addPart().setName("concept").setValue(new Coding(product.getSystem(), product.getValue(), product.getDisplay()));
                        }
                        if (target.hasComment()) {
                            match.addPart().setName("message").setValue(new StringType(target.getComment()));
                        }
                        match.addPart().setName("source").setValue(new UriType(map.getUrl()));
                        matches.add(match);
                    }
                }
            }
        }
        out.addParameter().setName("result").setValue(new BooleanType(!matches.isEmpty()));
        out.addParameter("message", matches.isEmpty()
                ? "No mapping for code '" + code + "' from system " + system + (targetSystem == null ? "" : " to " + targetSystem)
                : matches.size() + " match(es)");
        matches.forEach(out::addParameter);
        return out;
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException("parameter '" + name + "' is required");
        }
    }
}
