package org.chelate.terminology.units;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;

/**
 * Unit conversion through the org.fhir:ucum library (the ucum-essence.xml shipped inside its jar), plus
 * molar-to-mass conversion of mineral concentrations using {@link Mineral#atomicWeight()}.
 *
 * <p>Units are UCUM codes. A few non-UCUM spellings EHRs send are mapped to UCUM first by a small alias table
 * ({@link #toUcum(String)}): "mcg"/"µg"/"μg" → ug, "MG"/"Mg" → mg, "mg/dl" → mg/dL, "mmol/l" → mmol/L, "umol/l"/"µmol/L" → umol/L,
 * "ug/dl"/"mcg/dL" → ug/dL, "gm"/"gram(s)" → g, "milligram(s)" → mg. Nothing else is parsed by hand.
 * Units in equivalents (mEq/L) are refused: UCUM treats eq as mol, which is wrong by the ion's charge.
 *
 * <p>A UCUM conversion costs about a millisecond (string-based decimal arithmetic over the parsed unit terms), and a
 * patient's record repeats the same few units hundreds of times. So each converter remembers, per (mineral, from,
 * to), the factor between the two units — or the reason they do not convert — in a bounded cache
 * ({@value #MAX_REMEMBERED_CONVERSIONS} pairs; unit strings come from client data). Every unit Chelate converts is
 * proportional (mass, amount of substance, concentration, eGFR), and a pair is only remembered as a factor when UCUM
 * converts 0 to 0; otherwise (e.g. Cel → K) every value goes through UCUM. A remembered factor gives the direct
 * conversion to 15 significant digits.
 */
public final class UnitConverter {

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("mcg", "ug"), Map.entry("µg", "ug"), Map.entry("μg", "ug"),
            Map.entry("microgram", "ug"), Map.entry("micrograms", "ug"),
            Map.entry("milligram", "mg"), Map.entry("milligrams", "mg"),
            Map.entry("gm", "g"), Map.entry("gram", "g"), Map.entry("grams", "g"),
            Map.entry("mg/dl", "mg/dL"), Map.entry("mmol/l", "mmol/L"), Map.entry("umol/l", "umol/L"),
            Map.entry("µmol/l", "umol/L"), Map.entry("μmol/l", "umol/L"), Map.entry("ug/dl", "ug/dL"),
            Map.entry("mcg/dl", "ug/dL"), Map.entry("µg/dl", "ug/dL"), Map.entry("μg/dl", "ug/dL"),
            Map.entry("meq/l", "meq/L"), Map.entry("ml/min/1.73m2", "mL/min/{1.73_m2}"),
            Map.entry("ml/min/1.73 m2", "mL/min/{1.73_m2}"), Map.entry("ml/min/{1.73_m2}", "mL/min/{1.73_m2}"));

    private static final java.util.regex.Pattern EQUIVALENTS =
            java.util.regex.Pattern.compile("(^|[./])[a-zA-Z]?[eE]q($|[./0-9])");

    private static final UnitConverter STANDARD = new UnitConverter(loadEssence());

    /** Real records use a handful of units; this many pairs is far beyond any legitimate mix. */
    public static final int MAX_REMEMBERED_CONVERSIONS = 1_024;

    private final UcumService ucum;
    private final Cache<Pair, Factor> factors =
            Caffeine.newBuilder().maximumSize(MAX_REMEMBERED_CONVERSIONS).build();

    public UnitConverter(UcumService ucum) {
        this.ucum = ucum;
    }

    /** A unit pair, with the mineral for concentrations (null for plain conversions). */
    private record Pair(Mineral mineral, String from, String to) {
    }

    /**
     * How a pair converts: by a factor, not at all (the failure, rethrown as a new exception with the same units and
     * message), or only directly (not proportional).
     */
    private record Factor(BigDecimal multiplier, UnitConversionException failure) {
        static final Factor IDENTITY = new Factor(BigDecimal.ONE, null);
        static final Factor DIRECT = new Factor(null, null);
    }

    public static UnitConverter standard() {
        return STANDARD;
    }

    /**
     * Converts between two commensurable units (e.g. g → mg, mg/dL → mg/L).
     *
     * @throws UnitConversionException naming both units if either is unknown or they are not commensurable
     * @throws IllegalArgumentException if the value is missing
     */
    public BigDecimal convert(BigDecimal value, String fromUnit, String toUnit) {
        requireValue(value);
        Pair pair = new Pair(null, fromUnit, toUnit);
        return apply(pair, factors.get(pair, this::factor), value);
    }

    /** {@link #convert}, or empty when the units do not convert. */
    public Optional<BigDecimal> tryConvert(BigDecimal value, String fromUnit, String toUnit) {
        requireValue(value);
        Pair pair = new Pair(null, fromUnit, toUnit);
        Factor f = factors.get(pair, this::factor);
        return f.failure() != null ? Optional.empty() : Optional.of(apply(pair, f, value));
    }

    private BigDecimal convertDirect(BigDecimal value, String fromUnit, String toUnit) {
        String from = toUcum(fromUnit);
        String to = toUcum(toUnit);
        checkValid(fromUnit, toUnit, from);
        checkValid(fromUnit, toUnit, to);
        if (from.equals(to)) {
            return value;
        }
        try {
            if (!ucum.isComparable(from, to)) {
                throw new UnitConversionException(fromUnit, toUnit, "the units measure different things ("
                        + ucum.getCanonicalUnits(from) + " vs " + ucum.getCanonicalUnits(to) + ")");
            }
            Decimal result = ucum.convert(new Decimal(value.toPlainString()), from, to);
            return new BigDecimal(result.asDecimal()).round(PRECISION).stripTrailingZeros();
        } catch (UcumException e) {
            throw new UnitConversionException(fromUnit, toUnit, e.getMessage());
        }
    }

    /** A mass in milligrams; negative amounts are rejected (amounts of a supplement are never negative). */
    public BigDecimal toMilligrams(BigDecimal value, String unit) {
        requireNonNegative(value);
        return convert(value, unit, "mg");
    }

    /**
     * Converts a concentration of a mineral, between mass and molar units when needed
     * (mmol/L ↔ mg/dL for magnesium, umol/L ↔ ug/dL for zinc and copper), using the mineral's atomic weight.
     */
    public BigDecimal convertConcentration(Mineral mineral, BigDecimal value, String fromUnit, String toUnit) {
        requireValue(value);
        Pair pair = new Pair(Objects.requireNonNull(mineral, "mineral"), fromUnit, toUnit);
        return apply(pair, factors.get(pair, this::factor), value);
    }

    /** {@link #convertConcentration}, or empty when the units do not convert. */
    public Optional<BigDecimal> tryConvertConcentration(Mineral mineral, BigDecimal value, String fromUnit,
                                                        String toUnit) {
        requireValue(value);
        Pair pair = new Pair(Objects.requireNonNull(mineral, "mineral"), fromUnit, toUnit);
        Factor f = factors.get(pair, this::factor);
        return f.failure() != null ? Optional.empty() : Optional.of(apply(pair, f, value));
    }

    /** How many unit pairs are remembered now (at most {@link #MAX_REMEMBERED_CONVERSIONS}, eventually). */
    public long rememberedConversions() {
        factors.cleanUp();
        return factors.estimatedSize();
    }

    private BigDecimal apply(Pair pair, Factor f, BigDecimal value) {
        if (f.failure() != null) {
            throw new UnitConversionException(f.failure());
        }
        if (f == Factor.IDENTITY) {
            return value;
        }
        if (f == Factor.DIRECT) {
            return direct(pair, value);
        }
        return value.multiply(f.multiplier(), PRECISION).stripTrailingZeros();
    }

    private BigDecimal direct(Pair pair, BigDecimal value) {
        return pair.mineral() == null ? convertDirect(value, pair.from(), pair.to())
                : convertConcentrationDirect(pair.mineral(), value, pair.from(), pair.to());
    }

    /** Computed once per pair; calls only the direct conversions (never the cache it is filling). */
    private Factor factor(Pair pair) {
        try {
            if (toUcum(pair.from()).equals(toUcum(pair.to()))) {
                direct(pair, BigDecimal.ONE); // validates the unit
                return Factor.IDENTITY;
            }
            BigDecimal one = direct(pair, BigDecimal.ONE);
            BigDecimal zero = direct(pair, BigDecimal.ZERO);
            return zero.signum() == 0 ? new Factor(one, null) : Factor.DIRECT;
        } catch (UnitConversionException e) {
            return new Factor(null, e);
        }
    }

    private BigDecimal convertConcentrationDirect(Mineral mineral, BigDecimal value, String fromUnit, String toUnit) {
        String from = toUcum(fromUnit);
        String to = toUcum(toUnit);
        checkValid(fromUnit, toUnit, from);
        checkValid(fromUnit, toUnit, to);
        try {
            if (ucum.isComparable(from, to)) {
                return convertDirect(value, fromUnit, toUnit);
            }
            BigDecimal gramsPerMole = mineral.atomicWeight();
            if (ucum.isComparable(from, "mol/L") && ucum.isComparable(to, "g/L")) {
                BigDecimal molPerL = convertDirect(value, from, "mol/L");
                return convertDirect(molPerL.multiply(gramsPerMole, PRECISION), "g/L", to);
            }
            if (ucum.isComparable(from, "g/L") && ucum.isComparable(to, "mol/L")) {
                BigDecimal gPerL = convertDirect(value, from, "g/L");
                return convertDirect(gPerL.divide(gramsPerMole, PRECISION), "mol/L", to);
            }
            throw new UnitConversionException(fromUnit, toUnit, "not a mass or molar concentration of " + mineral.name().toLowerCase(Locale.ROOT));
        } catch (UcumException e) {
            throw new UnitConversionException(fromUnit, toUnit, e.getMessage());
        }
    }

    /** Whether the unit (UCUM or a known alias) is a valid UCUM unit. */
    public boolean isValid(String unit) {
        return unit != null && ucum.validate(toUcum(unit)) == null;
    }

    /** The UCUM code for a unit as EHRs send it: UCUM codes pass through, known aliases are mapped. */
    public static String toUcum(String unit) {
        if (unit == null) {
            return "";
        }
        String trimmed = unit.trim();
        return Optional.ofNullable(ALIASES.get(trimmed.toLowerCase(Locale.ROOT)))
                .orElseGet(() -> trimmed.equals("MG") || trimmed.equals("Mg") ? "mg" : trimmed);
    }

    private void checkValid(String fromUnit, String toUnit, String ucumCode) {
        if (EQUIVALENTS.matcher(ucumCode).find()) {
            // UCUM defines eq as mol, which is wrong by the ion's charge (1 mmol Mg2+ = 2 mEq): refuse rather than mislead.
            throw new UnitConversionException(fromUnit, toUnit, "'" + ucumCode
                    + "' is in equivalents; the conversion needs the ion's charge, send mmol/L or a mass unit instead");
        }
        String problem = ucumCode.isEmpty() ? "unit is missing" : ucum.validate(ucumCode);
        if (problem != null) {
            throw new UnitConversionException(fromUnit, toUnit, "'" + ucumCode + "' is not a UCUM unit (" + problem + ")");
        }
    }

    private static void requireValue(BigDecimal value) {
        if (value == null) {
            throw new IllegalArgumentException("value is missing");
        }
    }

    private static void requireNonNegative(BigDecimal value) {
        requireValue(value);
        if (value.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative, got " + value.toPlainString());
        }
    }

    private static UcumService loadEssence() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (in == null) {
                throw new IllegalStateException("ucum-essence.xml not found on the classpath (expected in the org.fhir:ucum jar)");
            }
            return new UcumEssenceService(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UcumException e) {
            throw new IllegalStateException("cannot load UCUM essence", e);
        }
    }
}
