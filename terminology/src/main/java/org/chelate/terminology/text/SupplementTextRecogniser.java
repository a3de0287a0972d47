package org.chelate.terminology.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chelate.terminology.Mineral;
import org.chelate.terminology.salt.Salt;
import org.chelate.terminology.salt.SaltTable;
import org.chelate.terminology.units.UnitConverter;

/**
 * Maps free-text supplement descriptions ("Mag glycinate 400mg", "Zinc (as zinc bisglycinate chelate) 15 mg") to
 * mineral, salt and stated strength. It never guesses a mineral the text does not name.
 *
 * <p>Rules (see docs/terminology.md): a mineral is named by its full name, or by "mag"/"Mg" only when followed by one of
 * its salt names ("mag ox", "Mg citrate"), or by "zn"; "milk of magnesia" names magnesium hydroxide. Topical or
 * non-oral products (cream, spray, bath, ...) and excipients (magnesium stearate) are refused. A strength after a bare
 * mineral name, or with "(as ...)"/"(from ...)", or marked "elemental", is elemental; a strength after a salt name is
 * the compound's weight. A number without a mass unit, or a per-volume strength, gives no strength.
 */
public final class SupplementTextRecogniser {

    private static final Set<String> NON_ORAL = Set.of("cream", "ointment", "lotion", "paste", "spray", "bath", "soak",
            "gel", "oil", "sunscreen", "diaper", "rash", "nasal", "shampoo", "flakes", "topical", "foot", "wash",
            "deodorant", "mouthwash", "toothpaste", "injection", "infusion", "iv", "intravenous", "im");
    private static final Set<String> EXCIPIENTS = Set.of("stearate", "silicate", "trisilicate");
    private static final Set<String> OTHER_INGREDIENTS = Set.of("calcium", "potassium", "iron", "vitamin", "selenium",
            "manganese", "chromium", "iodine", "boron", "b6", "b12", "d3", "k2", "melatonin", "sodium", "ashwagandha");
    private static final Set<String> MULTI_WORDS = Set.of("multivitamin", "multi", "complex", "formula", "blend", "multimineral");
    private static final Set<String> NOT_A_SALT = Set.of("complete", "ultimate", "elemental", "separate", "immediate", "moderate");
    private static final Pattern STRENGTH = Pattern.compile("^(\\d+(?:\\.\\d+)?)(mg|mcg|ug|g|gm|gram|grams|milligrams?|micrograms?|mmol|meq)?$");
    private static final Set<String> MASS_UNITS = Set.of("mg", "mcg", "ug", "g", "gm", "gram", "grams", "milligram",
            "milligrams", "microgram", "micrograms", "mmol", "meq");
    /** "400 mg/5 mL", "1200 mg per 15 mL", "5 mg/mL", "495 mg per teaspoon": a strength per volume. */
    private static final Pattern PER_VOLUME = Pattern.compile("(?:^| )(\\d+(?:\\.\\d+)?) ?(mg|mcg|ug|g|mmol|meq)"
            + "(?: ?/ ?| per | in (?:each |one |every )?)(\\d+(?:\\.\\d+)?)? ?(ml|milliliters?|millilitres?|tsp|teaspoons?"
            + "|teaspoonfuls?|tbsp|tablespoons?|tablespoonfuls?)(?= |$)");
    /** US labels measure a teaspoon as 5 mL and a tablespoon as 15 mL ("15 mL (1 TBSP)" on OTC Drug Facts). */
    private static final BigDecimal TEASPOON_ML = BigDecimal.valueOf(5);
    private static final BigDecimal TABLESPOON_ML = BigDecimal.valueOf(15);
    /** The comma of "1,200 mg" (thousands), not of "Zinc 15,Magnesium 100". */
    private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}(?!\\d))");
    private static final Set<String> VOLUME_WORDS = Set.of("ml", "l", "tsp", "tbsp", "teaspoon", "tablespoon", "oz",
            "teaspoons", "tablespoons", "teaspoonful", "tablespoonful");

    private final SaltTable salts;
    private final UnitConverter units;
    /** Per mineral: salt-name phrases (tokens after the mineral word) to the salt. */
    private final Map<Mineral, List<Phrase>> saltPhrases = new HashMap<>();
    /** Phrases that name a salt without the mineral word ("milk of magnesia"). */
    private final List<Phrase> standalonePhrases = new ArrayList<>();

    public SupplementTextRecogniser(SaltTable salts, UnitConverter units) {
        this.salts = salts;
        this.units = units;
        for (Salt salt : salts.all()) {
            List<String> names = new ArrayList<>(salt.synonyms());
            names.add(salt.display());
            for (String name : names) {
                List<String> tokens = tokens(name);
                if (tokens.size() >= 2 && mineralWord(tokens.get(0)) == salt.mineral()) {
                    saltPhrases.computeIfAbsent(salt.mineral(), m -> new ArrayList<>()).add(new Phrase(tokens.subList(1, tokens.size()), salt));
                } else if (tokens.size() >= 2 && mineralWord(tokens.get(0)) == null) {
                    standalonePhrases.add(new Phrase(tokens, salt));
                }
            }
        }
        saltPhrases.values().forEach(l -> l.sort(Comparator.comparingInt((Phrase p) -> p.tokens.size()).reversed()));
        standalonePhrases.sort(Comparator.comparingInt((Phrase p) -> p.tokens.size()).reversed());
    }

    public static SupplementTextRecogniser standard() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final SupplementTextRecogniser INSTANCE = new SupplementTextRecogniser(SaltTable.standard(), UnitConverter.standard());
    }

    /** The single mineral product the text describes; empty when none is named, or when several are (see {@link #recogniseAll}). */
    public Optional<Recognition> recognise(String text) {
        List<Recognition> all = recogniseAll(text);
        return all.size() == 1 ? Optional.of(all.get(0)) : Optional.empty();
    }

    /** Every mineral named in the text, in order ("Magnesium 400 mg + Zinc 15 mg" gives two). */
    public List<Recognition> recogniseAll(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> t = tokens(text);
        if (t.stream().anyMatch(NON_ORAL::contains)) {
            return List.of();
        }
        List<Mention> mentions = findMentions(t);
        if (mentions.isEmpty()) {
            return List.of();
        }
        List<List<Mention>> groups = new ArrayList<>();
        for (Mention m : mentions) {
            if (!groups.isEmpty() && groups.get(groups.size() - 1).get(0).mineral == m.mineral) {
                groups.get(groups.size() - 1).add(m);
            } else {
                groups.add(new ArrayList<>(List.of(m)));
            }
        }
        boolean multi = groups.size() > 1 || t.stream().anyMatch(w -> OTHER_INGREDIENTS.contains(w) || MULTI_WORDS.contains(w));
        List<Recognition> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            int start = groups.get(g).get(0).start;
            int end = g + 1 < groups.size() ? groups.get(g + 1).get(0).start : t.size();
            for (int i = start; i < end; i++) {
                if (OTHER_INGREDIENTS.contains(t.get(i))) {
                    end = i;
                    break;
                }
            }
            int prefixStart = g == 0 && t.subList(0, start).stream().noneMatch(OTHER_INGREDIENTS::contains) ? 0 : start;
            out.add(recogniseGroup(t, groups.get(g), prefixStart, start, end, multi));
        }
        return List.copyOf(out);
    }

    private Recognition recogniseGroup(List<String> t, List<Mention> group, int prefixStart, int start, int end, boolean multi) {
        Mineral mineral = group.get(0).mineral;
        List<String> matched = new ArrayList<>();
        group.forEach(m -> matched.addAll(t.subList(m.start, m.end)));

        Salt salt = group.stream().map(m -> m.impliedSalt).filter(s -> s != null).findFirst().orElse(null);
        boolean asForm = false;
        boolean unknownSalt = false;
        for (int i = start; i < end; i++) {
            boolean afterMention = isMentionEnd(group, i);
            boolean afterAs = i > start && (t.get(i - 1).equals("as") || t.get(i - 1).equals("from"));
            if (!afterMention && !afterAs) {
                continue;
            }
            Optional<Phrase> phrase = matchPhrase(saltPhrases.getOrDefault(mineral, List.of()), t, i, end);
            if (phrase.isPresent()) {
                if (salt == null) {
                    salt = phrase.get().salt;
                    matched.addAll(phrase.get().tokens);
                }
            } else if (afterMention && i < end && looksLikeSaltName(t.get(i))) {
                unknownSalt = true;
                matched.add(t.get(i));
            }
        }
        for (int i = start; i + 1 < end; i++) {
            if ((t.get(i).equals("as") || t.get(i).equals("from"))
                    && (isMentionStart(group, i + 1) || matchPhrase(saltPhrases.getOrDefault(mineral, List.of()), t, i + 1, end).isPresent()
                        || looksLikeSaltName(t.get(i + 1)))) {
                asForm = true;
                matched.add(t.get(i));
            }
        }

        List<Strength> strengths = strengths(t, start, end, mineral);
        if (strengths.isEmpty() && prefixStart < start) {
            strengths = strengths(t, prefixStart, start, mineral);
        }
        Optional<Strength> perVolume = strengths.isEmpty() ? perVolume(t, start, end, mineral) : Optional.empty();
        if (perVolume.isEmpty() && strengths.isEmpty() && prefixStart < start) {
            perVolume = perVolume(t, prefixStart, start, mineral);
        }
        if (perVolume.isPresent()) {
            strengths = List.of(perVolume.get());
        }
        boolean elementalWordBeforeMention = start > 0 && t.get(start - 1).equals("elemental");
        Strength chosen = strengths.stream().filter(s -> s.markedElemental).findFirst()
                .orElse(strengths.isEmpty() ? null : strengths.get(0));
        boolean statedAsElemental;
        if (chosen == null) {
            statedAsElemental = false;
        } else if (chosen.markedElemental || elementalWordBeforeMention || asForm) {
            statedAsElemental = true;
        } else {
            statedAsElemental = salt == null && !unknownSalt;
        }
        if (chosen != null) {
            matched.addAll(chosen.tokens);
        }
        boolean elementalForm = asForm || elementalWordBeforeMention || (chosen != null && chosen.markedElemental)
                || (salt == null && !unknownSalt);

        double confidence = 1.0;
        if (group.stream().allMatch(m -> m.abbreviated)) {
            confidence *= 0.85;
        }
        if (unknownSalt && !asForm && chosen != null && !chosen.markedElemental) {
            confidence *= 0.6;
        }
        if (chosen == null) {
            confidence *= 0.8;
        } else if (!statedAsElemental) {
            confidence *= 0.85;
        }
        if (multi) {
            confidence *= 0.8;
        }
        Salt finalSalt = salt;
        return new Recognition(mineral, Optional.ofNullable(finalSalt),
                Optional.ofNullable(chosen).map(s -> s.milligrams), statedAsElemental,
                BigDecimal.valueOf(confidence).setScale(2, RoundingMode.HALF_UP).doubleValue(), matched,
                elementalForm, Optional.ofNullable(chosen).flatMap(s -> s.perMl));
    }

    private List<Mention> findMentions(List<String> t) {
        List<Mention> out = new ArrayList<>();
        int i = 0;
        while (i < t.size()) {
            String w = t.get(i);
            Optional<Phrase> standalone = matchPhrase(standalonePhrases, t, i, t.size());
            if (standalone.isPresent()) {
                int len = standalone.get().tokens.size();
                boolean abbreviated = !standalone.get().tokens.get(0).startsWith("magnes");
                out.add(new Mention(standalone.get().salt.mineral(), i, i + len, abbreviated, standalone.get().salt));
                i += len;
                continue;
            }
            Mineral full = mineralWord(w);
            if (full != null) {
                if (i + 1 < t.size() && EXCIPIENTS.contains(t.get(i + 1))) {
                    i += 2;
                    continue;
                }
                out.add(new Mention(full, i, i + 1, false, null));
            } else if (w.equals("zn")) {
                out.add(new Mention(Mineral.ZINC, i, i + 1, true, null));
            } else if ((w.equals("mag") || w.equals("mg")) && !(i > 0 && isNumber(t.get(i - 1)))
                    && matchPhrase(saltPhrases.getOrDefault(Mineral.MAGNESIUM, List.of()), t, i + 1, t.size()).isPresent()) {
                out.add(new Mention(Mineral.MAGNESIUM, i, i + 1, true, null));
            }
            i++;
        }
        return out;
    }

    private List<Strength> strengths(List<String> t, int from, int to, Mineral mineral) {
        List<Strength> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            String w = t.get(i);
            if (!Character.isDigit(w.charAt(0))) {
                continue;
            }
            if (w.contains("/")) {
                continue; // "1.745g/30ml": per volume
            }
            Matcher m = STRENGTH.matcher(w);
            if (!m.matches()) {
                continue;
            }
            String unit = m.group(2);
            int last = i;
            if (unit == null) {
                if (i + 1 < to && MASS_UNITS.contains(t.get(i + 1))) {
                    unit = t.get(i + 1);
                    last = i + 1;
                } else if (i + 1 < to && t.get(i + 1).contains("/") && MASS_UNITS.contains(t.get(i + 1).split("/")[0])) {
                    continue; // "400 mg/5": per volume
                } else {
                    continue;
                }
            }
            if (last + 2 < t.size() && t.get(last + 1).equals("/")
                    && (isNumber(t.get(last + 2)) || VOLUME_WORDS.contains(t.get(last + 2)))) {
                continue; // "400 mg / 5 ml": per volume
            }
            int measure = last + 2 < t.size() && Set.of("each", "one", "every").contains(t.get(last + 2)) ? last + 3 : last + 2;
            if (measure < t.size() && (t.get(last + 1).equals("per") || t.get(last + 1).equals("in"))
                    && (isNumber(t.get(measure)) || VOLUME_WORDS.contains(t.get(measure)))) {
                continue; // "1200 mg per 15 ml": per volume
            }
            boolean elemental = (last + 1 < t.size() && t.get(last + 1).equals("elemental"))
                    || (last + 2 < t.size() && t.get(last + 2).equals("elemental"))
                    // a second strength naming the bare mineral: "Magnesium oxide 400 mg (240 mg Mg)", "(7 mg zinc)"
                    || (!out.isEmpty() && last + 1 < t.size() && namesElement(t.get(last + 1), mineral)
                        && (last + 2 >= t.size() || !looksLikeSaltName(t.get(last + 2))));
            Optional<BigDecimal> mg = milligrams(new BigDecimal(m.group(1)), unit, mineral);
            if (mg.isEmpty()) {
                continue;
            }
            // an amount of substance is of the mineral itself
            elemental = elemental || unit.equals("mmol") || unit.equals("meq");
            out.add(new Strength(mg.get(), elemental, List.copyOf(t.subList(i, last + 1)), Optional.empty()));
            i = last;
        }
        return out;
    }

    /** The first strength per volume in the words {@code from..to}, with its volume in mL. */
    private Optional<Strength> perVolume(List<String> t, int from, int to, Mineral mineral) {
        if (from >= to) {
            return Optional.empty();
        }
        String window = String.join(" ", t.subList(from, to));
        Matcher m = PER_VOLUME.matcher(window);
        if (!m.find()) {
            return Optional.empty();
        }
        Optional<BigDecimal> mg = milligrams(new BigDecimal(m.group(1)), m.group(2), mineral);
        if (mg.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal count = m.group(3) == null ? BigDecimal.ONE : new BigDecimal(m.group(3));
        String volume = m.group(4);
        BigDecimal ml = volume.startsWith("t") ? count.multiply(volume.startsWith("tb") || volume.startsWith("table")
                ? TABLESPOON_ML : TEASPOON_ML) : count;
        if (ml.signum() <= 0) {
            return Optional.empty();
        }
        boolean substance = m.group(2).equals("mmol") || m.group(2).equals("meq");
        boolean markedElemental = substance || window.substring(m.end()).trim().startsWith("elemental");
        return Optional.of(new Strength(mg.get(), markedElemental, List.of(m.group().trim().split(" ")), Optional.of(ml)));
    }

    /**
     * A mass in mg; mmol of the mineral × its atomic weight; mEq of magnesium (Mg2+) × 12.15 mg (facts.md: 1 mEq =
     * 12.15 mg). Zinc in mEq has no facts.md row and is not read.
     */
    private Optional<BigDecimal> milligrams(BigDecimal value, String unit, Mineral mineral) {
        if (unit.equals("mmol")) {
            return Optional.of(value.multiply(mineral.atomicWeight()));
        }
        if (unit.equals("meq")) {
            return mineral == Mineral.MAGNESIUM
                    ? Optional.of(value.multiply(mineral.atomicWeight()).divide(BigDecimal.valueOf(2)))
                    : Optional.empty();
        }
        return Optional.of(units.toMilligrams(value, unit));
    }

    private static Optional<Phrase> matchPhrase(List<Phrase> phrases, List<String> t, int at, int end) {
        for (Phrase p : phrases) {
            if (at + p.tokens.size() <= end && t.subList(at, at + p.tokens.size()).equals(p.tokens)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isMentionEnd(List<Mention> group, int i) {
        return group.stream().anyMatch(m -> m.end == i);
    }

    private static boolean isMentionStart(List<Mention> group, int i) {
        return group.stream().anyMatch(m -> m.start == i);
    }

    private static boolean looksLikeSaltName(String w) {
        return w.length() > 5 && (w.endsWith("ate") || w.endsWith("ide") || w.endsWith("ite")) && !NOT_A_SALT.contains(w);
    }

    private static boolean namesElement(String w, Mineral mineral) {
        return mineral == mineralWord(w) || w.equals(mineral.symbol().toLowerCase(Locale.ROOT));
    }

    private static boolean isNumber(String w) {
        return w.matches("\\d+(\\.\\d+)?");
    }

    private static Mineral mineralWord(String w) {
        return switch (w) {
            case "magnesium" -> Mineral.MAGNESIUM;
            case "zinc" -> Mineral.ZINC;
            case "copper", "cupric" -> Mineral.COPPER;
            default -> null;
        };
    }

    /** Lower case; µ/μ as u; everything but letters, digits, '.', '/' and '%' separates words; "/" stands alone when spaced. */
    static List<String> tokens(String text) {
        String s = THOUSANDS.matcher(text.toLowerCase(Locale.ROOT).replace('µ', 'u').replace('μ', 'u'))
                .replaceAll("").replaceAll("[^a-z0-9./%]+", " ").replaceAll("(?<![0-9])\\.|\\.(?![0-9])", " ").trim();
        return s.isEmpty() ? List.of() : Arrays.asList(s.split("\\s+"));
    }

    private record Phrase(List<String> tokens, Salt salt) {
    }

    private record Mention(Mineral mineral, int start, int end, boolean abbreviated, Salt impliedSalt) {
    }

    private record Strength(BigDecimal milligrams, boolean markedElemental, List<String> tokens,
                            Optional<BigDecimal> perMl) {
    }
}
