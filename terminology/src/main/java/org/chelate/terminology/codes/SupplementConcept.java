package org.chelate.terminology.codes;

import java.util.Objects;
import java.util.Optional;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;

/**
 * What a supplement code means: an ingredient code gives the mineral only; a salt code gives the mineral and the salt.
 *
 * @param verified true for Chelate's own codes and for standard codes checked against a public source;
 *                 false for a standard code Chelate carries but could not verify (treat with care)
 */
public record SupplementConcept(Mineral mineral, Optional<Salt> salt, String display, boolean verified) {
    public SupplementConcept {
        Objects.requireNonNull(mineral, "mineral");
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(display, "display");
    }
}
