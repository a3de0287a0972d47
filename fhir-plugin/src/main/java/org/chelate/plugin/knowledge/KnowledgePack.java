package org.chelate.plugin.knowledge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.codes.DrugClass;

/**
 * The versioned knowledge pack: ULs, RDAs/AIs, interaction and separation rules, thresholds, regimen templates and
 * optional notes, each entry citing a source of ../shared/clinical/facts.md. Immutable once loaded; a pack that
 * fails validation is refused with a {@link KnowledgePackException} naming the bad entry.
 */
public final class KnowledgePack {

    /**
     * The source families facts.md names. A source id is a family ("ODS-Mg") or a family and what it points at after a
     * colon ("Label:CIPRO-PI-2.4", "FDA-DSC:PPI-2011"), so that a card can cite a drug label by drug and section.
     */
    public static final Set<String> KNOWN_SOURCE_FAMILIES = Set.of("ODS-Mg", "ODS-Zn", "ODS-Cu", "DRI", "Label",
            "OTC-Label", "FDA-DSC", "KDIGO", "21-CFR-101.36", "LOINC", "StatPearls");

    /** Whether {@code id} names a facts.md source family, alone or with a colon and a specific document. */
    public static boolean isKnownSourceId(String id) {
        if (id == null) {
            return false;
        }
        int colon = id.indexOf(':');
        String family = colon < 0 ? id : id.substring(0, colon);
        return KNOWN_SOURCE_FAMILIES.contains(family) && (colon < 0 || colon < id.length() - 1);
    }

    static final String DEFAULT_RESOURCE = "default-pack.json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final String packId;
    private final String version;
    private final Map<String, Source> sources;
    private final List<LimitEntry> limits;
    private final List<InteractionRule> interactions;
    private final Thresholds thresholds;
    private final List<RegimenTemplate> templates;
    private final List<OptionalNote> notes;
    private final PackPolicy policy;

    private KnowledgePack(PackDocument doc) {
        this.packId = doc.packId();
        this.version = doc.version();
        Map<String, Source> byId = new LinkedHashMap<>();
        doc.sources().forEach(s -> byId.put(s.id(), s));
        this.sources = Map.copyOf(byId);
        this.limits = List.copyOf(doc.limits());
        this.interactions = List.copyOf(doc.interactions() == null ? List.of() : doc.interactions());
        this.thresholds = doc.thresholds();
        this.templates = List.copyOf(doc.templates() == null ? List.of() : doc.templates());
        this.notes = List.copyOf(doc.notes() == null ? List.of() : doc.notes());
        this.policy = doc.policy();
    }

    /** The pack shipped in the plugin jar. */
    public static KnowledgePack loadDefault() {
        try (InputStream in = KnowledgePack.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new KnowledgePackException("default knowledge pack " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(in.readAllBytes(), "default pack");
        } catch (IOException e) {
            throw new KnowledgePackException("cannot read the default knowledge pack: " + e.getMessage(), e);
        }
    }

    /** A pack from a file (the server's {@code --knowledge FILE}). */
    public static KnowledgePack load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KnowledgePackException("cannot read knowledge pack " + file + ": " + e, e);
        }
        return parse(bytes, file.toString());
    }

    static KnowledgePack parse(byte[] json, String origin) {
        PackDocument doc;
        try {
            doc = MAPPER.readValue(json, PackDocument.class);
        } catch (JsonProcessingException e) {
            throw new KnowledgePackException("knowledge pack " + origin + " is not valid: " + e.getOriginalMessage()
                    + pathOf(e), e);
        } catch (IOException e) {
            throw new KnowledgePackException("knowledge pack " + origin + " cannot be read: " + e.getMessage(), e);
        }
        if (doc == null) {
            throw new KnowledgePackException("knowledge pack " + origin + " is empty");
        }
        new PackValidator(doc, origin).validate();
        return new KnowledgePack(doc);
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            return " (at " + m.getPathReference().replace("org.chelate.plugin.knowledge.", "") + ")";
        }
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    public String packId() {
        return packId;
    }

    public String version() {
        return version;
    }

    /** Source by short name (ODS-Mg, ...). */
    public Optional<Source> source(String id) {
        return Optional.ofNullable(sources.get(id));
    }

    public List<Source> sources(List<String> ids) {
        return ids.stream().map(sources::get).toList();
    }

    public List<LimitEntry> limitEntries() {
        return limits;
    }

    /** The tolerable upper intake level, or empty where none is established for this patient (e.g. infants, Mg). */
    public Optional<Limit> upperLimit(Mineral mineral, PatientProfile patient) {
        return lookup(mineral, patient, EnumSet.of(LimitKind.UL));
    }

    /** The RDA, or the AI where only an AI is set (infants); empty where the pack has no value for this patient. */
    public Optional<Limit> rda(Mineral mineral, PatientProfile patient) {
        return lookup(mineral, patient, EnumSet.of(LimitKind.RDA, LimitKind.AI));
    }

    private Optional<Limit> lookup(Mineral mineral, PatientProfile patient, Set<LimitKind> kinds) {
        List<LimitEntry> candidates = limits.stream()
                .filter(e -> kinds.contains(e.kind()) && e.mineral() == mineral && e.coversAge(patient.ageInMonths()))
                .toList();
        List<String> assumptions = new ArrayList<>();
        Optional<LimitEntry> entry = pick(candidates, Population.ALL, patient.sex());
        if (entry.isEmpty()) {
            if (patient.pregnancy() == PregnancyStatus.KNOWN_PREGNANT) {
                entry = pick(candidates, Population.PREGNANCY, patient.sex());
            } else if (patient.lactating()) {
                entry = pick(candidates, Population.LACTATION, patient.sex());
            } else {
                entry = pick(candidates, Population.GENERAL, patient.sex());
                if (entry.isPresent() && patient.pregnancy() == PregnancyStatus.UNKNOWN
                        && candidates.stream().anyMatch(e -> e.population() == Population.PREGNANCY)) {
                    assumptions.add("pregnancy status unknown: the non-pregnant value is used");
                }
            }
        }
        return entry.filter(e -> !e.notEstablished()).map(e -> {
            List<String> notes = new ArrayList<>(assumptions);
            if (e.note() != null && !e.note().isBlank()) {
                notes.add(e.note());
            }
            return new Limit(e.id(), e.mineral(), e.kind(), e.mg(), e.basis(), sources(e.sources()), notes);
        }).or(() -> Optional.empty());
    }

    private static Optional<LimitEntry> pick(List<LimitEntry> candidates, Population population, Sex sex) {
        return candidates.stream()
                .filter(e -> e.population() == population && e.sex().matches(sex))
                .findFirst();
    }

    /** Why no UL is given for this patient, when the pack says so explicitly (e.g. "not established for infants"). */
    public Optional<String> upperLimitNotEstablishedReason(Mineral mineral, PatientProfile patient) {
        return limits.stream()
                .filter(e -> e.kind() == LimitKind.UL && e.mineral() == mineral && e.notEstablished()
                        && e.coversAge(patient.ageInMonths()))
                .map(e -> e.note() == null ? "UL not established for this age" : e.note())
                .findFirst();
    }

    public List<InteractionRule> interactions() {
        return interactions;
    }

    /** The class's own rule, for drugs without one of their own (enabled or not: callers check enabled()). */
    public Optional<InteractionRule> interaction(DrugClass drugClass) {
        return interactions.stream().filter(r -> r.drugClass() == drugClass && r.classRule()).findFirst();
    }

    /**
     * The rule for one drug: its own entry when the pack has one (a label interval replaces the class rule), else
     * its class's rule. {@code drugCode} is the terminology's interacting-drug code, null when only the class is known.
     */
    public Optional<InteractionRule> interaction(String drugCode, DrugClass drugClass) {
        if (drugCode != null) {
            for (InteractionRule r : interactions) {
                if (r.drugs().contains(drugCode)) {
                    return Optional.of(r);
                }
            }
        }
        return interaction(drugClass);
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    public List<RegimenTemplate> templates() {
        return templates;
    }

    public Optional<RegimenTemplate> template(String id) {
        return templates.stream().filter(t -> t.id().equals(id)).findFirst();
    }

    public List<OptionalNote> notes() {
        return notes;
    }

    public Optional<OptionalNote> note(String id) {
        return notes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** Chelate's written severity policy (not a fact; docs/cds-hooks.md). */
    public PackPolicy policy() {
        return policy;
    }
}
