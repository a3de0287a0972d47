package org.chelate.plugin.regimen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.chelate.terminology.codes.InteractingDrugs;
import org.chelate.terminology.codes.SupplementCodes;
import org.chelate.terminology.codes.SupplementConcept;
import org.chelate.terminology.text.Recognition;
import org.chelate.terminology.text.SupplementTextRecogniser;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.Medication.MedicationIngredientComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * Finds which minerals a record's product holds: from a contained or referenced Medication (its ingredients with their
 * strengths, else its code), from {@code medicationCodeableConcept} codes, and from text (code text and displays,
 * then {@code Dosage.text}) through the terminology's recogniser.
 */
final class ProductResolver {

    private static final String UNVERIFIED = "coded with a standard code the terminology could not verify: ";
    private static final String ZINC_SULFATE_HEPTAHYDRATE = "zinc-sulfate-heptahydrate";
    static final String HEPTAHYDRATE_ASSUMED = "zinc sulfate with no hydrate named: the heptahydrate (22.7 % zinc) "
            + "is assumed, the usual capsule salt; effervescent and many tablets are the monohydrate (36.4 %)";

    private final SupplementCodes codes;
    private final SupplementTextRecogniser recogniser;
    private final InteractingDrugs interactingDrugs;
    private final LabelProducts labelProducts;
    /**
     * Recognitions by label text: the same product names come back on every call for a patient, and recognising one
     * runs a dozen regular expressions. Text comes from client data, so past the cap it is recognised without being
     * remembered. Recognitions are immutable.
     */
    private final Map<String, List<Recognition>> recognised = new ConcurrentHashMap<>();
    static final int MAX_REMEMBERED_TEXTS = 4_096;

    ProductResolver(SupplementCodes codes, SupplementTextRecogniser recogniser, InteractingDrugs interactingDrugs,
            LabelProducts labelProducts) {
        this.codes = codes;
        this.recogniser = recogniser;
        this.interactingDrugs = interactingDrugs;
        this.labelProducts = labelProducts;
    }

    Product resolve(Type medication, DomainResource record, Map<String, Medication> referenced, List<String> dosageTexts) {
        if (medication instanceof Reference reference) {
            Optional<Medication> resolved = resolveReference(reference, record, referenced);
            if (resolved.isPresent()) {
                return fromMedication(resolved.get(), dosageTexts);
            }
            String display = reference.getDisplay();
            List<ProductComponent> fromDisplay = fromText(display);
            if (!fromDisplay.isEmpty()) {
                return new Product(fromDisplay, display);
            }
            throw new MappingProblem(UnmappedReason.UNRESOLVED_MEDICATION,
                    "medication reference '" + reference.getReference() + "' cannot be resolved");
        }
        if (medication instanceof CodeableConcept concept) {
            return fromConcept(concept, List.of(), dosageTexts);
        }
        throw new MappingProblem(UnmappedReason.UNKNOWN_PRODUCT, "no medication recorded");
    }

    private Product fromMedication(Medication medication, List<String> dosageTexts) {
        String description = describe(medication.getCode());
        List<ProductComponent> components = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (MedicationIngredientComponent ingredient : medication.getIngredient()) {
            ingredientComponent(ingredient).ifPresent(components::add);
            if (ingredient.hasItemCodeableConcept()) {
                resolveCodes(ingredient.getItemCodeableConcept()).filter(c -> !c.verified())
                        .ifPresent(c -> notes.add(UNVERIFIED + c.display()));
            }
        }
        if (!components.isEmpty()) {
            if (description.isEmpty()) {
                description = components.stream()
                        .map(c -> c.salt().map(s -> s.display()).orElse(c.mineral().name().toLowerCase()))
                        .reduce((a, b) -> a + " + " + b).orElse("");
            }
            return new Product(components, description, notes);
        }
        List<String> otherCodes = medication.getIngredient().stream()
                .filter(MedicationIngredientComponent::hasItemCodeableConcept)
                .flatMap(i -> i.getItemCodeableConcept().getCoding().stream())
                .map(c -> c.getSystem() + "|" + c.getCode())
                .toList();
        return fromConcept(medication.getCode(), otherCodes, dosageTexts);
    }

    private Optional<ProductComponent> ingredientComponent(MedicationIngredientComponent ingredient) {
        Optional<String> basis = basisExtension(ingredient.getExtensionsByUrl(ChelateExtensions.DOSE_BASIS));
        ProductComponent component = null;
        if (ingredient.hasItemCodeableConcept()) {
            Optional<SupplementConcept> concept = resolveCodes(ingredient.getItemCodeableConcept());
            if (concept.isPresent()) {
                component = new ProductComponent(concept.get().mineral(), concept.get().salt(), Optional.empty(), false, basis);
            } else {
                component = singleFromText(describe(ingredient.getItemCodeableConcept()), basis).orElse(null);
            }
        } else if (ingredient.hasItemReference()) {
            component = singleFromText(ingredient.getItemReference().getDisplay(), basis).orElse(null);
        }
        if (component == null) {
            return Optional.empty();
        }
        if (ingredient.hasStrength() && ingredient.getStrength().hasNumerator()) {
            Quantity numerator = ingredient.getStrength().getNumerator();
            Optional<Quantity> denominator = Optional.ofNullable(ingredient.getStrength().getDenominator())
                    .filter(Quantity::hasValue);
            boolean elemental = basis.map(ChelateExtensions.BASIS_ELEMENTAL::equals).orElse(component.salt().isEmpty());
            component = component.withStrength(new ProductComponent.Strength(numerator, denominator, elemental, false));
        }
        return Optional.of(component);
    }

    private Product fromConcept(CodeableConcept concept, List<String> otherCodes, List<String> dosageTexts) {
        String description = describe(concept);
        Optional<SupplementConcept> coded = resolveCodes(concept);
        if (coded.isPresent()) {
            ProductComponent component = new ProductComponent(coded.get().mineral(), coded.get().salt(),
                    Optional.empty(), false, Optional.empty());
            // a coded product whose text states a strength ("Magnesium glycinate 500 mg capsule") keeps that strength
            Optional<Recognition> textual = textsOf(concept).stream()
                    .flatMap(t -> recognitions(t).stream())
                    .filter(r -> r.mineral() == component.mineral() && r.strengthMg().isPresent())
                    .findFirst();
            ProductComponent withStrength = textual
                    .map(r -> component.withStrength(textStrength(r, reading(r))))
                    .orElse(component);
            List<String> notes = coded.get().verified() ? List.of() : List.of(UNVERIFIED + coded.get().display());
            return new Product(List.of(withStrength), description.isEmpty() ? coded.get().display() : description, notes);
        }
        for (String text : textsOf(concept)) {
            List<ProductComponent> recognised = fromText(text);
            if (!recognised.isEmpty()) {
                return new Product(recognised, text);
            }
        }
        for (String text : dosageTexts) {
            List<ProductComponent> recognised = fromText(text);
            if (!recognised.isEmpty()) {
                return new Product(recognised, description.isEmpty() ? text : description);
            }
        }
        for (String text : textsOf(concept)) {
            Optional<LabelProducts.Row> row = labelProducts.match(text);
            if (row.isPresent()) {
                return new Product(fromLabel(row.get()), text);
            }
        }
        List<String> allCodes = Stream.concat(
                concept.getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode()), otherCodes.stream()).toList();
        boolean interacting = concept.getCoding().stream()
                .anyMatch(c -> interactingDrugs.classify(c.getSystem(), c.getCode()).isPresent())
                || textsOf(concept).stream().anyMatch(t -> interactingDrugs.classifyText(t).isPresent());
        if (!allCodes.isEmpty() || interacting) {
            throw new MappingProblem(UnmappedReason.NOT_A_SUPPLEMENT,
                    "not a magnesium, zinc or copper product" + (allCodes.isEmpty() ? "" : " (codes " + String.join(", ", allCodes) + ")"));
        }
        if (description.isEmpty() && dosageTexts.stream().allMatch(t -> t == null || t.isBlank())) {
            throw new MappingProblem(UnmappedReason.UNKNOWN_PRODUCT, "no medication code or text recorded");
        }
        throw new MappingProblem(UnmappedReason.UNKNOWN_PRODUCT,
                "no magnesium, zinc or copper named in '" + (description.isEmpty() ? String.join(" / ", dosageTexts) : description) + "'");
    }

    private Optional<SupplementConcept> resolveCodes(CodeableConcept concept) {
        for (Coding coding : concept.getCoding()) {
            Optional<SupplementConcept> found = codes.resolve(coding.getSystem(), coding.getCode());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The minerals a text names, each with how its numbers read; a strength the text leaves out is taken from the
     * label-products table when the text names a product there. A text naming only a product of that table gives the
     * table's amounts, or, for a product whose amount no label of the table gives, an "amount not recorded" problem.
     */
    private List<ProductComponent> fromText(String text) {
        List<Recognition> found = recognitions(text);
        Optional<LabelProducts.Row> row = found.isEmpty() || found.stream().allMatch(r -> r.strengthMg().isEmpty())
                ? labelProducts.match(text) : Optional.empty();
        if (found.isEmpty()) {
            return row.map(this::fromLabel).orElse(List.of());
        }
        if (row.isPresent() && !row.get().counted()) {
            throw notRecorded(row.get(), found.stream().map(Recognition::mineral).distinct().toList());
        }
        List<ProductComponent> components = new ArrayList<>();
        for (Recognition r : found) {
            NumberReading reading = reading(r);
            ProductComponent component = new ProductComponent(r.mineral(), r.salt(), Optional.empty(), true,
                    Optional.empty(), Optional.of(reading), hydrateNotes(r, text));
            if (r.strengthMg().isPresent()) {
                component = component.withStrength(textStrength(r, reading));
            } else if (row.isPresent()) {
                component = withLabelStrength(component, row.get());
            }
            components.add(component);
        }
        return components;
    }

    /** facts.md: a salt named with a number and no "as" is ambiguous, except the drug products labelled by compound weight. */
    private NumberReading reading(Recognition r) {
        if (r.elementalForm()) {
            return NumberReading.ELEMENTAL;
        }
        // a liquid named by its salt and a strength per volume is a drug product (Drug Facts list the active
        // ingredient's weight: "magnesium citrate oral solution 1.745 g/30 mL")
        if (r.salt().isPresent() && !labelProducts.labelledByCompoundWeight(r.salt().get()) && r.perVolumeMl().isEmpty()) {
            return NumberReading.AMBIGUOUS;
        }
        return NumberReading.COMPOUND;
    }

    private static List<String> hydrateNotes(Recognition r, String text) {
        if (r.salt().isEmpty() || !ZINC_SULFATE_HEPTAHYDRATE.equals(r.salt().get().code())) {
            return List.of();
        }
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("hepta") || lower.contains("7h2o") || lower.contains("7 h2o")) {
            return List.of();
        }
        return List.of(HEPTAHYDRATE_ASSUMED);
    }

    private ProductComponent withLabelStrength(ProductComponent component, LabelProducts.Row row) {
        Optional<LabelProducts.Amount> amount = row.amounts().stream()
                .filter(a -> a.mineral() == component.mineral()).findFirst();
        if (amount.isEmpty()) {
            return component;
        }
        ProductComponent labelled = component.withStrength(labelStrength(amount.get(), row));
        return row.assumption().map(labelled::withNote).orElse(labelled);
    }

    private List<ProductComponent> fromLabel(LabelProducts.Row row) {
        if (!row.counted()) {
            throw notRecorded(row, row.contains());
        }
        List<ProductComponent> components = new ArrayList<>();
        for (LabelProducts.Amount amount : row.amounts()) {
            // a mass dose of a labelled product is a weighed amount of its salt ("Epsom salt 10 g")
            NumberReading massReading = amount.salt().map(salt -> labelProducts.labelledByCompoundWeight(salt)
                    ? NumberReading.COMPOUND : NumberReading.AMBIGUOUS).orElse(NumberReading.ELEMENTAL);
            ProductComponent component = new ProductComponent(amount.mineral(), amount.salt(), Optional.empty(), true,
                    Optional.empty(), Optional.of(massReading), List.of());
            components.add(withLabelStrength(component, row));
        }
        return components;
    }

    private static ProductComponent.Strength labelStrength(LabelProducts.Amount amount, LabelProducts.Row row) {
        Quantity numerator = new Quantity().setValue(amount.amountMg()).setUnit("mg")
                .setSystem("http://unitsofmeasure.org").setCode("mg");
        Optional<Quantity> denominator = amount.perMl().map(ml -> new Quantity().setValue(ml).setUnit("mL")
                .setSystem("http://unitsofmeasure.org").setCode("mL"));
        return new ProductComponent.Strength(numerator, denominator, amount.reading(), true, Optional.of(row.source()));
    }

    private static MappingProblem notRecorded(LabelProducts.Row row, List<org.chelate.terminology.Mineral> minerals) {
        String names = minerals.stream().map(m -> m.name().toLowerCase(java.util.Locale.ROOT))
                .reduce((a, b) -> a + " and " + b).orElse("magnesium or zinc");
        return new MappingProblem(UnmappedReason.AMOUNT_NOT_RECORDED, (row.mayContain() ? "may contain " : "contains ")
                + names + "; amount not recorded, not counted", minerals);
    }

    private Optional<ProductComponent> singleFromText(String text, Optional<String> basis) {
        List<ProductComponent> found;
        try {
            found = fromText(text);
        } catch (MappingProblem notOneIngredient) {
            return Optional.empty(); // an ingredient named "multivitamin": not one mineral ingredient
        }
        if (found.size() != 1) {
            return Optional.empty();
        }
        ProductComponent c = found.get(0);
        return Optional.of(new ProductComponent(c.mineral(), c.salt(), Optional.empty(), true, basis));
    }

    private List<Recognition> recognitions(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<Recognition> known = recognised.get(text);
        if (known != null) {
            return known;
        }
        List<Recognition> found = List.copyOf(recogniser.recogniseAll(text));
        if (recognised.size() < MAX_REMEMBERED_TEXTS) {
            recognised.putIfAbsent(text, found);
        }
        return found;
    }

    /** How many label texts are remembered (at most {@link #MAX_REMEMBERED_TEXTS}). */
    int rememberedTexts() {
        return recognised.size();
    }

    private static ProductComponent.Strength textStrength(Recognition recognition, NumberReading formReading) {
        Quantity numerator = new Quantity().setValue(recognition.strengthMg().orElseThrow())
                .setUnit("mg").setSystem("http://unitsofmeasure.org").setCode("mg");
        Optional<Quantity> perVolume = recognition.perVolumeMl().map(ml -> new Quantity().setValue(ml).setUnit("mL")
                .setSystem("http://unitsofmeasure.org").setCode("mL"));
        NumberReading reading = recognition.statedAsElemental() ? NumberReading.ELEMENTAL : formReading;
        return new ProductComponent.Strength(numerator, perVolume, reading, true, Optional.empty());
    }

    static Optional<String> basisExtension(List<Extension> extensions) {
        return extensions.stream()
                .map(Extension::getValue)
                .filter(Objects::nonNull)
                .map(Type::primitiveValue)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static List<String> textsOf(CodeableConcept concept) {
        List<String> texts = new ArrayList<>();
        if (concept.hasText()) {
            texts.add(concept.getText());
        }
        concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).forEach(texts::add);
        return texts;
    }

    static String describe(CodeableConcept concept) {
        if (concept == null) {
            return "";
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst().orElse("");
    }

    private static Optional<Medication> resolveReference(Reference reference, DomainResource record, Map<String, Medication> referenced) {
        if (reference.getResource() instanceof Medication medication) {
            return Optional.of(medication);
        }
        String ref = reference.getReference();
        if (ref == null || ref.isBlank()) {
            return Optional.empty();
        }
        if (ref.startsWith("#")) {
            String id = ref.substring(1);
            for (Resource contained : record.getContained()) {
                String containedId = contained.getIdElement().getIdPart();
                if (contained instanceof Medication medication && (id.equals(containedId) || ref.equals(contained.getId()))) {
                    return Optional.of(medication);
                }
            }
            return Optional.empty();
        }
        org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(ref);
        String idPart = id.getIdPart();
        return Stream.of(ref, "Medication/" + idPart, idPart)
                .map(referenced::get)
                .filter(Objects::nonNull)
                .findFirst();
    }
}
