package org.chelate.terminology.codes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Resolves lab codes (LOINC, or Chelate lab-kind codes) to a {@link LabKind}. */
public final class LabCodes {

    private final List<LabCode> codes;
    private final Map<String, LabCode> byKey;

    public LabCodes(List<LabCode> codes) {
        this.codes = List.copyOf(codes);
        this.byKey = this.codes.stream().collect(Collectors.toUnmodifiableMap(c -> c.system() + "|" + c.code(), Function.identity()));
    }

    public static LabCodes standard() {
        return StandardCodes.labs();
    }

    public Optional<LabKind> resolve(String system, String code) {
        return lookup(system, code).map(LabCode::kind);
    }

    public Optional<LabCode> lookup(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(byKey.get(system.trim() + "|" + code.trim()));
    }

    /** Every code Chelate knows for a kind (e.g. for a search or a ServiceRequest). */
    public List<LabCode> codesFor(LabKind kind) {
        return codes.stream().filter(c -> c.kind() == kind).toList();
    }

    public List<LabCode> all() {
        return codes;
    }
}
