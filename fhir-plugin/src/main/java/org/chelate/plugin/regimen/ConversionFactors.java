package org.chelate.plugin.regimen;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.units.UnitConverter;

/**
 * Remembers the factor between two units so each pair goes through UCUM once: a UCUM conversion takes milliseconds,
 * and a patient's record repeats the same few units hundreds of times. Every unit Chelate converts (mass, amount of
 * substance, concentration, eGFR) is proportional, so value × factor equals the direct conversion.
 */
public final class ConversionFactors {

    private static final MathContext MATH = MathContext.DECIMAL64;
    /** Absent factor: the pair does not convert (kept so the failure is not retried either). */
    private static final Optional<BigDecimal> NONE = Optional.empty();
    /** Real records use a handful of units; this many pairs is far beyond any legitimate mix. */
    static final int MAX_REMEMBERED_PAIRS = 1_024;

    private final UnitConverter units;
    private final Map<String, Optional<BigDecimal>> factors = new ConcurrentHashMap<>();

    private static final ConversionFactors STANDARD = new ConversionFactors(UnitConverter.standard());

    private ConversionFactors(UnitConverter units) {
        this.units = units;
    }

    /** One shared table for the standard converter, so that every mapper instance benefits; a new one otherwise. */
    public static ConversionFactors of(UnitConverter units) {
        return units == UnitConverter.standard() ? STANDARD : new ConversionFactors(units);
    }

    /** The value in {@code to}, or empty when the units do not convert. */
    public Optional<BigDecimal> convert(BigDecimal value, String from, String to) {
        return factor("u|" + from + "|" + to, key -> units.convert(BigDecimal.ONE, from, to)).map(f -> value.multiply(f, MATH));
    }

    /** A concentration of a mineral in {@code to} (mass ↔ molar through the atomic weight), or empty. */
    public Optional<BigDecimal> convertConcentration(Mineral mineral, BigDecimal value, String from, String to) {
        return factor("c|" + mineral + "|" + from + "|" + to,
                key -> units.convertConcentration(mineral, BigDecimal.ONE, from, to)).map(f -> value.multiply(f, MATH));
    }

    private Optional<BigDecimal> factor(String key, Function<String, BigDecimal> compute) {
        Optional<BigDecimal> known = factors.get(key);
        if (known != null) {
            return known;
        }
        Optional<BigDecimal> computed = compute(key, compute);
        // unit strings come from client data: past the cap, convert without remembering, so memory stays bounded
        if (factors.size() < MAX_REMEMBERED_PAIRS) {
            factors.putIfAbsent(key, computed);
        }
        return computed;
    }

    /** How many unit pairs are remembered (bounded by {@link #MAX_REMEMBERED_PAIRS}). */
    int rememberedPairs() {
        return factors.size();
    }

    private static Optional<BigDecimal> compute(String key, Function<String, BigDecimal> compute) {
        try {
            return Optional.of(compute.apply(key));
        } catch (IllegalArgumentException e) {
            return NONE;
        }
    }
}
