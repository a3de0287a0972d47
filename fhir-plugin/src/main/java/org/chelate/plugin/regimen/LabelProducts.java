package org.chelate.plugin.regimen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;
import org.chelate.terminology.salt.SaltTable;

/**
 * The label-products table ({@code label-products.json}): named products whose label amount Chelate can cite, the
 * products that surely hold magnesium or zinc in an amount no record gives (multivitamins, ZMA), and the salts whose
 * number on a label is the compound's weight. Loaded once; immutable; thread-safe.
 */
public final class LabelProducts {

    static final String RESOURCE = "label-products.json";
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9.]+");

    /** One amount of a product row: per {@code perMl} mL, or per tablet when {@code perMl} is empty. */
    record Amount(Mineral mineral, Optional<Salt> salt, BigDecimal amountMg, Optional<BigDecimal> perMl, NumberReading reading) {
    }

    /**
     * A product row. {@code amounts} empty means "contains {@code contains}, amount not recorded".
     *
     * @param mayContain   a product class (multivitamins) whose members often but not always hold the minerals
     * @param assumption   what the row assumes of an unqualified name, said on the card
     */
    public record Row(String id, List<List<String>> names, List<Amount> amounts, List<Mineral> contains,
                      boolean mayContain, String source, String label, Optional<String> assumption) {

        public boolean counted() {
            return !amounts.isEmpty();
        }
    }

    private final List<Row> rows;
    private final Set<String> compoundWeightSalts;

    private LabelProducts(List<Row> rows, Set<String> compoundWeightSalts) {
        this.rows = List.copyOf(rows);
        this.compoundWeightSalts = Set.copyOf(compoundWeightSalts);
    }

    public static LabelProducts standard() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final LabelProducts INSTANCE = load(SaltTable.standard());
    }

    static LabelProducts load(SaltTable salts) {
        JsonNode root;
        try (InputStream in = LabelProducts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            root = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        List<String> compound = new ArrayList<>();
        root.path("compoundWeightSalts").path("salts").forEach(n -> compound.add(salt(salts, n.asText()).code()));
        List<Row> rows = new ArrayList<>();
        for (JsonNode p : root.path("products")) {
            List<List<String>> names = new ArrayList<>();
            p.path("names").forEach(n -> names.add(tokens(n.asText())));
            List<Amount> amounts = new ArrayList<>();
            for (JsonNode a : p.path("amounts")) {
                Optional<Salt> salt = a.hasNonNull("salt") ? Optional.of(salt(salts, a.get("salt").asText())) : Optional.empty();
                Optional<BigDecimal> perMl = a.hasNonNull("perMl") ? Optional.of(a.get("perMl").decimalValue()) : Optional.empty();
                amounts.add(new Amount(mineral(a.path("mineral").asText()), salt, a.path("amountMg").decimalValue(), perMl,
                        NumberReading.valueOf(a.path("reading").asText().toUpperCase(Locale.ROOT))));
            }
            List<Mineral> contains = new ArrayList<>();
            p.path("contains").forEach(n -> contains.add(mineral(n.asText())));
            amounts.forEach(a -> {
                if (!contains.contains(a.mineral())) {
                    contains.add(a.mineral());
                }
            });
            if (names.isEmpty() || contains.isEmpty() || !p.hasNonNull("source")) {
                throw new IllegalStateException(RESOURCE + ": product '" + p.path("id").asText()
                        + "' needs names, a mineral and a source");
            }
            rows.add(new Row(p.path("id").asText(), names, amounts, contains, p.path("mayContain").asBoolean(false),
                    p.get("source").asText(), p.path("label").asText(),
                    Optional.ofNullable(p.get("assumption")).map(JsonNode::asText)));
        }
        return new LabelProducts(rows, Set.copyOf(compound));
    }

    public List<Row> rows() {
        return rows;
    }

    /** Whether a number after this salt's name is the compound's weight (a drug product), not possibly the mineral's. */
    boolean labelledByCompoundWeight(Salt salt) {
        return compoundWeightSalts.contains(salt.code());
    }

    /** The row whose name the text holds as whole words (the longest such name wins), if any. */
    Optional<Row> match(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        List<String> words = tokens(text);
        Row best = null;
        int bestLength = 0;
        for (Row row : rows) {
            for (List<String> name : row.names()) {
                if (name.size() > bestLength && contains(words, name)) {
                    best = row;
                    bestLength = name.size();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean contains(List<String> words, List<String> name) {
        for (int i = 0; i + name.size() <= words.size(); i++) {
            if (words.subList(i, i + name.size()).equals(name)) {
                return true;
            }
        }
        return false;
    }

    static List<String> tokens(String text) {
        String s = SEPARATORS.matcher(text.toLowerCase(Locale.ROOT).replace("'", "")).replaceAll(" ").trim();
        return s.isEmpty() ? List.of() : List.of(s.split(" "));
    }

    private static Salt salt(SaltTable salts, String code) {
        return salts.byCode(code).orElseThrow(() -> new IllegalStateException(RESOURCE + ": unknown salt " + code));
    }

    private static Mineral mineral(String name) {
        return Mineral.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
