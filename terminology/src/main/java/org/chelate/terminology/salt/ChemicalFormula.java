package org.chelate.terminology.salt;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A parsed molecular formula (element counts) such as {@code Mg3(C6H5O7)2} or {@code ZnSO4·7H2O}; a middle dot
 * (or '.' / '*') separates water of hydration, which may carry a leading multiplier.
 */
public record ChemicalFormula(String text, Map<String, Integer> atoms) {

    private static final Map<String, ChemicalFormula> CACHE = new ConcurrentHashMap<>();

    public ChemicalFormula {
        atoms = Map.copyOf(atoms);
    }

    public static ChemicalFormula parse(String formula) {
        return CACHE.computeIfAbsent(formula, ChemicalFormula::doParse);
    }

    /** Grams per mole, from {@link AtomicWeights}. */
    public BigDecimal molarMass() {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> e : atoms.entrySet()) {
            sum = sum.add(AtomicWeights.of(e.getKey()).multiply(BigDecimal.valueOf(e.getValue())));
        }
        return sum;
    }

    /** Mass fraction (0..1) of one element, to 6 significant digits. */
    public BigDecimal massFraction(String element) {
        int count = atoms.getOrDefault(element, 0);
        return AtomicWeights.of(element).multiply(BigDecimal.valueOf(count))
                .divide(molarMass(), new MathContext(6));
    }

    private static ChemicalFormula doParse(String formula) {
        Map<String, Integer> total = new TreeMap<>();
        for (String part : formula.split("[·.*]")) {
            Parser p = new Parser(part.trim());
            int multiplier = p.leadingNumber();
            p.group().forEach((el, n) -> total.merge(el, n * multiplier, Integer::sum));
            if (!p.atEnd()) {
                throw new IllegalArgumentException("cannot parse formula '" + formula + "' at '" + part.substring(p.pos) + "'");
            }
        }
        if (total.isEmpty()) {
            throw new IllegalArgumentException("empty formula '" + formula + "'");
        }
        return new ChemicalFormula(formula, total);
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos == s.length();
        }

        int leadingNumber() {
            int n = number();
            return n == 0 ? 1 : n;
        }

        Map<String, Integer> group() {
            Map<String, Integer> atoms = new TreeMap<>();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '(') {
                    pos++;
                    Map<String, Integer> inner = group();
                    if (pos >= s.length() || s.charAt(pos) != ')') {
                        throw new IllegalArgumentException("unbalanced parenthesis in formula '" + s + "'");
                    }
                    pos++;
                    int n = Math.max(1, number());
                    inner.forEach((el, k) -> atoms.merge(el, k * n, Integer::sum));
                } else if (c == ')') {
                    return atoms;
                } else if (Character.isUpperCase(c)) {
                    int start = pos++;
                    while (pos < s.length() && Character.isLowerCase(s.charAt(pos))) {
                        pos++;
                    }
                    String element = s.substring(start, pos);
                    AtomicWeights.of(element);
                    atoms.merge(element, Math.max(1, number()), Integer::sum);
                } else {
                    throw new IllegalArgumentException("unexpected '" + c + "' in formula '" + s + "'");
                }
            }
            return atoms;
        }

        private int number() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            return start == pos ? 0 : Integer.parseInt(s.substring(start, pos));
        }
    }
}
