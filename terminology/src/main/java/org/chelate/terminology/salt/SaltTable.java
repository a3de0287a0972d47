package org.chelate.terminology.salt;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The salts Chelate knows, loaded from the supplement CodeSystem resource, and the salt-to-elemental conversion. */
public final class SaltTable {

    private final List<Salt> salts;
    private final Map<String, Salt> byCode = new HashMap<>();
    private final Map<String, Salt> byCoding = new HashMap<>();
    private final Map<String, Salt> byName = new HashMap<>();

    /**
     * @param salts           the rows
     * @param standardCodings "system|code" of RxNorm / SNOMED CT codes, to the Chelate code of the salt they denote
     */
    public SaltTable(List<Salt> salts, Map<String, String> standardCodings) {
        this.salts = List.copyOf(salts);
        for (Salt salt : this.salts) {
            byCode.put(salt.code(), salt);
            byName.put(normaliseName(salt.display()), salt);
            salt.synonyms().forEach(s -> byName.putIfAbsent(normaliseName(s), salt));
        }
        standardCodings.forEach((key, chelateCode) -> {
            Salt salt = byCode.get(chelateCode);
            if (salt != null) {
                byCoding.put(key, salt);
            }
        });
    }

    /** The table shipped with Chelate (every row of the facts file's salt table). */
    public static SaltTable standard() {
        return StandardSaltTable.INSTANCE;
    }

    public Optional<Salt> byCode(String chelateCode) {
        return Optional.ofNullable(chelateCode).map(byCode::get);
    }

    /** A salt by a coding: Chelate supplement code, or a (verified) RxNorm / SNOMED CT code of the salt. */
    public Optional<Salt> byCoding(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        if (org.chelate.terminology.codes.ChelateSystems.SUPPLEMENT.equals(system)) {
            return byCode(code);
        }
        return Optional.ofNullable(byCoding.get(system + "|" + code.trim()));
    }

    /** A salt by display name or label synonym, case-, hyphen- and space-insensitive ("Magnesium Glycinate", "mag oxide"). */
    public Optional<Salt> byName(String name) {
        return Optional.ofNullable(name).map(SaltTable::normaliseName).map(byName::get);
    }

    public List<Salt> all() {
        return salts;
    }

    /**
     * Elemental milligrams in {@code compoundMilligrams} of the salt, rounded to 0.01 mg (half up).
     *
     * @throws IllegalArgumentException if the amount is missing or negative
     */
    public BigDecimal elementalMilligrams(Salt salt, BigDecimal compoundMilligrams) {
        if (compoundMilligrams == null || compoundMilligrams.signum() < 0) {
            throw new IllegalArgumentException("compound amount must be a non-negative number of mg, got " + compoundMilligrams);
        }
        return compoundMilligrams.multiply(salt.elementalFraction()).setScale(2, RoundingMode.HALF_UP);
    }

    static String normaliseName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim();
    }
}
