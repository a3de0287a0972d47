package org.chelate.server.store;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Folds strings for FHIR string search: case-insensitive and accent-insensitive (as the spec asks). */
public final class TextNormalizer {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private TextNormalizer() {
    }

    public static String normalize(String value) {
        String decomposed = Normalizer.normalize(value, Normalizer.Form.NFD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }
}
