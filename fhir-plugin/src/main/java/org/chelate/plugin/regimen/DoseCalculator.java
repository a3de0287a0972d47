package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.SaltTable;
import org.chelate.terminology.units.UnitConverter;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Dosage.DosageDoseAndRateComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;

/**
 * Elemental milligrams per dose for one mineral of a product:
 * <ul>
 *   <li>a mass dose of a mineral-coded product is elemental; of a salt-coded product it is the salt's weight and is
 *       converted (the dose-basis extension overrides either);</li>
 *   <li>an amount of substance (mmol) is elemental: mmol × atomic weight;</li>
 *   <li>a count of units (tablets, capsules, mL of a liquid) is multiplied by the per-unit strength;</li>
 *   <li>no dose at all uses a strength stated in text as one unit ("Magnesium 400 mg daily").</li>
 * </ul>
 */
final class DoseCalculator {

    private static final MathContext MATH = MathContext.DECIMAL64;
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final Set<String> COUNT_SYSTEMS = Set.of(
            "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm", "http://snomed.info/sct",
            "http://hl7.org/fhir/v3/orderableDrugForm");
    private static final Set<String> COUNT_WORDS = Set.of(
            "1", "tab", "tabs", "tablet", "tablets", "tablet(s)", "cap", "caps", "capsule", "capsules", "capsule(s)",
            "softgel", "softgels", "lozenge", "lozenges", "gummy", "gummies", "chew", "chewable", "pastille", "sachet",
            "sachets", "packet", "packets", "scoop", "scoops", "drop", "drops", "puff", "each", "ea", "unit", "units",
            "dose", "doses", "pill", "pills", "piece", "pieces", "effervescent tablet");

    private final SaltTable salts;
    private final UnitConverter units;

    DoseCalculator(SaltTable salts, UnitConverter units) {
        this.salts = salts;
        this.units = units;
    }

    Dose perDose(ProductComponent component, Product product, Dosage dosage) {
        Optional<String> dosageBasis = ProductResolver.basisExtension(dosage.getExtensionsByUrl(ChelateExtensions.DOSE_BASIS));
        Optional<DosageDoseAndRateComponent> doseAndRate = dosage.getDoseAndRate().stream()
                .filter(DosageDoseAndRateComponent::hasDose)
                .findFirst();
        List<String> notes = new ArrayList<>();
        if (doseAndRate.isEmpty()) {
            Optional<ProductComponent.Strength> textStrength = component.strength().filter(ProductComponent.Strength::fromText);
            if (textStrength.isPresent() && textStrength.get().denominator().isEmpty()) {
                notes.add("no dose quantity recorded: one unit of the strength stated in the text is taken as the dose");
                Amount amount = strengthAmount(component, textStrength.get(), BigDecimal.ONE);
                return dose(amount, amount, component, true, notes);
            }
            throw new MappingProblem(UnmappedReason.MISSING_DOSE, "no dose recorded (Dosage.doseAndRate.dose is empty)");
        }
        Quantity low;
        Quantity high;
        if (doseAndRate.get().hasDoseRange()) {
            Range range = doseAndRate.get().getDoseRange();
            if (!range.hasLow() && !range.hasHigh()) {
                throw new MappingProblem(UnmappedReason.MISSING_DOSE, "doseRange has neither low nor high");
            }
            low = range.hasLow() ? range.getLow() : range.getHigh();
            high = range.hasHigh() ? range.getHigh() : range.getLow();
            if (!range.hasLow()) {
                notes.add("doseRange without a low bound: the high bound is used for both");
            } else if (!range.hasHigh()) {
                notes.add("doseRange without a high bound: the low bound is used for both");
            }
        } else {
            low = doseAndRate.get().getDoseQuantity();
            high = low;
        }
        Amount lowAmount = amount(component, product, low, dosageBasis);
        Amount highAmount = amount(component, product, high, dosageBasis);
        if (lowAmount.mg().compareTo(highAmount.mg()) > 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "doseRange low (" + describe(low)
                    + ") is above its high (" + describe(high) + ")");
        }
        return dose(lowAmount, highAmount, component, false, notes);
    }

    /** An amount of the mineral or its salt, before conversion, and how its number reads. */
    private record Amount(BigDecimal mg, NumberReading reading, boolean perUnitStrength, Optional<String> labelSource) {
        boolean elemental() {
            return reading == NumberReading.ELEMENTAL;
        }
    }

    private Dose dose(Amount low, Amount high, ProductComponent component, boolean textDose, List<String> notes) {
        // an ambiguous number: low = read as the salt's weight, high = read as the mineral itself
        BigDecimal elementalLow = low.elemental() ? low.mg() : converted(low, component);
        BigDecimal elementalHigh = high.reading() == NumberReading.COMPOUND ? converted(high, component) : high.mg();
        Optional<BigDecimal> compound = low.elemental() ? Optional.empty() : Optional.of(low.mg());
        notes.addAll(component.notes());
        AmountBasis basis;
        boolean fromText = component.mineralFromText() || textDose
                || (low.perUnitStrength() && component.strength().map(ProductComponent.Strength::fromText).orElse(false));
        if (low.reading() == NumberReading.AMBIGUOUS || high.reading() == NumberReading.AMBIGUOUS) {
            basis = AmountBasis.AMBIGUOUS_SALT_OR_ELEMENTAL;
            notes.add(ambiguityNote(low, component, elementalLow, high.mg()));
        } else if (low.labelSource().isPresent()) {
            basis = AmountBasis.PRODUCT_LABEL;
        } else if (fromText) {
            basis = AmountBasis.RECOGNISED_FROM_TEXT;
        } else if (low.perUnitStrength()) {
            basis = AmountBasis.INGREDIENT_STRENGTH;
        } else if (!low.elemental()) {
            basis = AmountBasis.CONVERTED_FROM_SALT;
        } else {
            basis = AmountBasis.STATED_ELEMENTAL;
        }
        return new Dose(elementalLow, elementalHigh, compound, basis, notes);
    }

    private BigDecimal converted(Amount amount, ProductComponent component) {
        return salts.elementalMilligrams(component.salt().orElseThrow(), amount.mg());
    }

    /** What a card and the summary say of an ambiguous number: both readings and where the label settles it. */
    static String ambiguityNote(Amount low, ProductComponent component, BigDecimal asSalt, BigDecimal asElement) {
        String mineral = component.mineral().name().toLowerCase(Locale.ROOT);
        String salt = component.salt().map(org.chelate.terminology.salt.Salt::display).orElse("the salt");
        return plain(low.mg()) + " mg with " + salt + " named and no \"as\": " + plain(asSalt) + " mg " + mineral
                + " if the number is the salt's weight, " + plain(asElement) + " mg if it is " + mineral
                + " itself; check the label's '" + Character.toUpperCase(mineral.charAt(0)) + mineral.substring(1)
                + " (as …)' line";
    }

    private static String plain(BigDecimal value) {
        return value.setScale(1, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private Amount amount(ProductComponent component, Product product, Quantity dose, Optional<String> dosageBasis) {
        if (dose == null || !dose.hasValue()) {
            throw new MappingProblem(UnmappedReason.MISSING_DOSE, "dose quantity has no value");
        }
        BigDecimal value = dose.getValue();
        if (value.signum() < 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "negative dose " + describe(dose));
        }
        if (value.signum() == 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "dose of zero (" + describe(dose) + ")");
        }
        String unit = unitOf(dose);
        Optional<ProductComponent.Strength> strength = component.strength();

        // a dose-form code (TAB, CAP) is a count whatever its letters might spell in UCUM
        Optional<BigDecimal> mg = isDoseForm(dose) ? Optional.empty() : massMg(value, unit);
        if (mg.isPresent()) {
            if (product.components().size() > 1) {
                throw new MappingProblem(UnmappedReason.AMBIGUOUS_AMOUNT, "a mass dose (" + describe(dose)
                        + ") of a product with several minerals cannot be split between them");
            }
            NumberReading reading = massReading(component, dosageBasis);
            if (reading != NumberReading.ELEMENTAL && component.salt().isEmpty()) {
                throw new MappingProblem(UnmappedReason.AMBIGUOUS_AMOUNT,
                        "dose is marked as a compound weight but no salt is recorded");
            }
            return new Amount(mg.get(), reading, false, Optional.empty());
        }
        Optional<BigDecimal> molarMg = isDoseForm(dose) ? Optional.empty() : substanceMg(value, unit, component.mineral());
        if (molarMg.isPresent()) {
            if (product.components().size() > 1) {
                throw new MappingProblem(UnmappedReason.AMBIGUOUS_AMOUNT, "an amount of substance (" + describe(dose)
                        + ") of a product with several minerals cannot be split between them");
            }
            return new Amount(molarMg.get(), NumberReading.ELEMENTAL, false, Optional.empty());
        }
        if (isCount(dose, unit)) {
            if (strength.isEmpty()) {
                throw new MappingProblem(UnmappedReason.COUNT_WITHOUT_STRENGTH, "dose of " + describe(dose)
                        + " with no per-unit strength (no Medication.ingredient.strength and none in the text)");
            }
            BigDecimal unitsPerDose = perStrengthUnit(dose, unit, strength.get()).orElse(value);
            return strengthAmount(component, strength.get(), unitsPerDose);
        }
        if (strength.flatMap(s -> perStrengthUnit(dose, unit, s)).isPresent()) {
            return strengthAmount(component, strength.get(), perStrengthUnit(dose, unit, strength.get()).orElseThrow());
        }
        throw new MappingProblem(UnmappedReason.UNKNOWN_UNIT, "dose unit '" + unit
                + "' is neither a mass, an amount of substance nor a count of units");
    }

    /**
     * How a mass dose reads: the dose-basis extension decides; else a coded mineral is elemental and a coded salt its
     * weight; else the text's form (21 CFR 101.36 "(as …)" = elemental; a salt named without "as" = ambiguous, or the
     * compound's weight for a drug product named by its salt).
     */
    private static NumberReading massReading(ProductComponent component, Optional<String> dosageBasis) {
        Optional<String> override = dosageBasis.or(component::basisOverride);
        if (override.isPresent()) {
            return ChelateExtensions.BASIS_ELEMENTAL.equals(override.get()) ? NumberReading.ELEMENTAL : NumberReading.COMPOUND;
        }
        if (component.textReading().isPresent()) {
            return component.textReading().get();
        }
        return component.salt().isEmpty() ? NumberReading.ELEMENTAL : NumberReading.COMPOUND;
    }

    private Amount strengthAmount(ProductComponent component, ProductComponent.Strength strength, BigDecimal unitsPerDose) {
        Quantity numerator = strength.numerator();
        if (!numerator.hasValue() || numerator.getValue().signum() <= 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "ingredient strength " + describe(numerator) + " is not positive");
        }
        BigDecimal denominator = strength.denominator().map(Quantity::getValue).orElse(BigDecimal.ONE);
        if (denominator.signum() <= 0) {
            throw new MappingProblem(UnmappedReason.INVALID_VALUE, "ingredient strength denominator is not positive");
        }
        String unit = unitOf(numerator);
        Optional<BigDecimal> perUnitMg = massMg(numerator.getValue(), unit);
        NumberReading reading = strength.reading();
        if (perUnitMg.isEmpty()) {
            perUnitMg = substanceMg(numerator.getValue(), unit, component.mineral());
            reading = NumberReading.ELEMENTAL;
        }
        if (perUnitMg.isEmpty()) {
            throw new MappingProblem(UnmappedReason.UNKNOWN_UNIT, "ingredient strength unit '" + unit
                    + "' is neither a mass nor an amount of substance");
        }
        if (reading != NumberReading.ELEMENTAL && component.salt().isEmpty()) {
            throw new MappingProblem(UnmappedReason.AMBIGUOUS_AMOUNT, "strength is a compound weight but no salt is recorded");
        }
        BigDecimal mg = perUnitMg.get().multiply(unitsPerDose).divide(denominator, MATH);
        return new Amount(mg, reading, true, strength.labelSource());
    }

    /** The dose in the strength's denominator units, when the dose is in that unit or one commensurable with it. */
    private Optional<BigDecimal> perStrengthUnit(Quantity dose, String doseUnit, ProductComponent.Strength strength) {
        if (strength.denominator().isEmpty()) {
            return Optional.empty();
        }
        Quantity denominator = strength.denominator().get();
        String denominatorUnit = unitOf(denominator);
        if (denominatorUnit.equalsIgnoreCase(doseUnit) || (isCount(denominator, denominatorUnit) && isCount(dose, doseUnit))) {
            return Optional.of(dose.getValue());
        }
        Optional<BigDecimal> spoonMl = spoonMl(doseUnit);
        if (spoonMl.isPresent() && denominatorUnit.equalsIgnoreCase("mL")) {
            return Optional.of(dose.getValue().multiply(spoonMl.get()));
        }
        if (massMg(BigDecimal.ONE, doseUnit).isPresent()) {
            return Optional.empty();
        }
        return units.tryConvert(dose.getValue(), doseUnit, denominatorUnit);
    }

    private Optional<BigDecimal> massMg(BigDecimal value, String unit) {
        if (unit.isEmpty() || isDimensionless(unit)) {
            return Optional.empty();
        }
        return units.tryConvert(value, unit, "mg");
    }

    /**
     * An amount of substance of the mineral in mg: mmol × g/mol; mEq of magnesium (Mg2+) × 12.15 mg (facts.md: 1 mEq
     * = 12.15 mg). Zinc in mEq has no facts.md row: refused as a unit that cannot be read.
     */
    private Optional<BigDecimal> substanceMg(BigDecimal value, String unit, Mineral mineral) {
        if (unit.isEmpty() || isDimensionless(unit)) {
            return Optional.empty();
        }
        String lower = unit.toLowerCase(Locale.ROOT);
        if (lower.contains("eq")) {
            if (mineral != Mineral.MAGNESIUM || !(lower.equals("meq") || lower.equals("meq/dose"))) {
                return Optional.empty();
            }
            return Optional.of(value.multiply(mineral.atomicWeight()).divide(BigDecimal.valueOf(2), MATH));
        }
        return units.tryConvert(value, unit, "mmol").map(mmol -> mmol.multiply(mineral.atomicWeight(), MATH));
    }

    /** US labels: a teaspoon is 5 mL and a tablespoon 15 mL ("15 mL (1 TBSP)" on OTC Drug Facts). */
    private static Optional<BigDecimal> spoonMl(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "tsp", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls", "[tsp_us]" -> Optional.of(BigDecimal.valueOf(5));
            case "tbsp", "tablespoon", "tablespoons", "tablespoonful", "tablespoonfuls", "[tbs_us]" -> Optional.of(BigDecimal.valueOf(15));
            default -> Optional.empty();
        };
    }

    /** UCUM "1" and annotations ("{tablet}") are counts; the UCUM library would otherwise compare them with anything. */
    private static boolean isDimensionless(String unit) {
        return unit.equals("1") || (unit.startsWith("{") && unit.endsWith("}"));
    }

    private static boolean isDoseForm(Quantity quantity) {
        return quantity.hasSystem() && quantity.getSystem().contains("orderableDrugForm");
    }

    private static boolean isCount(Quantity quantity, String unit) {
        if (quantity.hasSystem() && COUNT_SYSTEMS.contains(quantity.getSystem())) {
            return true;
        }
        if (unit.isEmpty()) {
            return true;
        }
        String lower = unit.toLowerCase(Locale.ROOT);
        return (lower.startsWith("{") && lower.endsWith("}")) || COUNT_WORDS.contains(lower);
    }

    /** The UCUM code when the quantity is UCUM-coded, else its human unit. */
    static String unitOf(Quantity quantity) {
        if (quantity.hasCode() && (!quantity.hasSystem() || UCUM.equals(quantity.getSystem()))) {
            return quantity.getCode().trim();
        }
        if (quantity.hasUnit()) {
            return quantity.getUnit().trim();
        }
        return quantity.hasCode() ? quantity.getCode().trim() : "";
    }

    static String describe(Quantity quantity) {
        String unit = quantity.hasUnit() ? quantity.getUnit() : (quantity.hasCode() ? quantity.getCode() : "");
        return (quantity.hasValue() ? quantity.getValue().toPlainString() : "?") + (unit.isEmpty() ? "" : " " + unit);
    }
}
