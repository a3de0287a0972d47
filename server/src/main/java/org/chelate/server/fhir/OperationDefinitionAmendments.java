package org.chelate.server.fhir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;

/**
 * Completes the OperationDefinitions HAPI generates from the operation methods with what their signatures cannot say:
 * the id they are served under, {@code $validate}'s {@code affectsState: false}, its {@code mode} and its output, and
 * {@code $regimen-summary}'s {@code date} as a date and its output parameters (read from
 * {@code regimen-summary-outputs.txt}).
 */
final class OperationDefinitionAmendments {

    private static final List<OperationDefinitionParameterComponent> REGIMEN_SUMMARY_OUTPUTS =
            readParameters("regimen-summary-outputs.txt");

    private OperationDefinitionAmendments() {
    }

    static IBaseResource amend(IBaseResource resource, IIdType id) {
        if (!(resource instanceof OperationDefinition definition)) {
            return resource;
        }
        definition.setId(id.getIdPart());
        String code = definition.getCode();
        if ("validate".equals(code)) {
            definition.setAffectsState(false);
            addIfMissing(definition, "mode", OperationParameterUse.IN, 0, "1", "code");
            addIfMissing(definition, "profile", OperationParameterUse.IN, 0, "1", "uri");
            addIfMissing(definition, "return", OperationParameterUse.OUT, 1, "1", "OperationOutcome");
        } else if ("regimen-summary".equals(code)) {
            definition.getParameter().stream().filter(p -> p.getName().equals("date") && p.getUse() == OperationParameterUse.IN)
                    .forEach(p -> p.setType("date"));
            definition.getParameter().removeIf(p -> p.getUse() == OperationParameterUse.OUT);
            REGIMEN_SUMMARY_OUTPUTS.forEach(p -> definition.addParameter(p.copy()));
        } else if ("everything".equals(code)) {
            PatientEverythingDefinition.amend(definition);
        }
        for (OperationDefinitionParameterComponent parameter : definition.getParameter()) {
            if (!parameter.hasType() && !parameter.hasPart() && parameter.getUse() == OperationParameterUse.OUT
                    && parameter.getName().equals("return")) {
                parameter.setType("Resource");
            }
        }
        return definition;
    }

    private static void addIfMissing(OperationDefinition definition, String name, OperationParameterUse use, int min,
            String max, String type) {
        boolean present = definition.getParameter().stream().anyMatch(p -> p.getName().equals(name) && p.getUse() == use);
        if (!present) {
            definition.addParameter().setName(name).setUse(use).setMin(min).setMax(max).setType(type);
        }
    }

    /** Parameters in the indented text form (see the file). */
    static List<OperationDefinitionParameterComponent> readParameters(String resource) {
        List<OperationDefinitionParameterComponent> top = new ArrayList<>();
        List<OperationDefinitionParameterComponent> open = new ArrayList<>();
        try (InputStream in = OperationDefinitionAmendments.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int depth = (line.length() - line.stripLeading().length()) / 2;
                String[] fields = line.trim().split("\\s+");
                String[] cardinality = fields[1].split("\\.\\.");
                OperationDefinitionParameterComponent parameter = new OperationDefinitionParameterComponent()
                        .setName(fields[0]).setMin(Integer.parseInt(cardinality[0])).setMax(cardinality[1]);
                if (fields.length > 2) {
                    parameter.setType(fields[2]);
                }
                while (open.size() > depth) {
                    open.remove(open.size() - 1);
                }
                if (depth == 0) {
                    parameter.setUse(OperationParameterUse.OUT);
                    top.add(parameter);
                } else {
                    open.get(depth - 1).addPart(parameter.setUse(OperationParameterUse.OUT));
                }
                open.add(parameter);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(top);
    }
}
