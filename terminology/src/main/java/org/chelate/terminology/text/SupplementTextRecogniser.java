package org.chelate.terminology.text;

import java.util.List;
import java.util.Optional;

/**
 * Maps free-text supplement descriptions ("Mag glycinate 400mg", "Zinc (as zinc bisglycinate chelate) 15 mg") to
 * mineral, salt and stated strength. It never guesses a mineral the text does not name.
 */
public final class SupplementTextRecogniser {

    public static SupplementTextRecogniser standard() {
        return new SupplementTextRecogniser();
    }

    /** The single mineral product the text describes; empty when none is named, or when several are (see {@link #recogniseAll}). */
    public Optional<Recognition> recognise(String text) {
        List<Recognition> all = recogniseAll(text);
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** Every mineral named in the text, in order ("Magnesium 400 mg + Zinc 15 mg" gives two). */
    public List<Recognition> recogniseAll(String text) {
        throw new UnsupportedOperationException("landing shortly");
    }
}
