package org.chelate.terminology.codes;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Classifies a drug (by code, or by name text for uncoded drugs) into an interacting {@link DrugClass}. */
public final class InteractingDrugs {

    private final List<InteractingDrug> drugs;

    public InteractingDrugs(List<InteractingDrug> drugs) {
        this.drugs = List.copyOf(drugs);
    }

    public static InteractingDrugs standard() {
        return StandardCodes.drugs();
    }

    /** By RxNorm ingredient code, WHO ATC code or Chelate interacting-drug code (a class code gives the class). */
    public Optional<DrugClass> classify(String system, String code) {
        return ingredient(system, code).map(InteractingDrug::drugClass).or(() -> classCode(system, code));
    }

    public Optional<InteractingDrug> ingredient(String system, String code) {
        if (system == null || code == null) {
            return Optional.empty();
        }
        String s = system.trim();
        String c = code.trim();
        return drugs.stream()
                .filter(d -> (ChelateSystems.RXNORM.equals(s) && c.equals(d.rxnorm()))
                        || (ChelateSystems.ATC.equals(s) && d.atc().contains(c))
                        || (ChelateSystems.INTERACTING_DRUG.equals(s) && c.equals(d.code())))
                .findFirst();
    }

    /** By drug text such as "doxycycline hyclate 100 mg" or "Synthroid 50 mcg": whole-word ingredient or synonym match. */
    public Optional<DrugClass> classifyText(String text) {
        return ingredientByText(text).map(InteractingDrug::drugClass);
    }

    public Optional<InteractingDrug> ingredientByText(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String padded = " " + text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").trim() + " ";
        for (InteractingDrug d : drugs) {
            if (padded.contains(" " + d.name() + " ")
                    || d.synonyms().stream().anyMatch(s -> padded.contains(" " + s.toLowerCase(Locale.ROOT) + " "))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public List<InteractingDrug> all() {
        return drugs;
    }

    private static Optional<DrugClass> classCode(String system, String code) {
        if (!ChelateSystems.INTERACTING_DRUG.equals(system == null ? null : system.trim())) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCodes.drugClassOf(code.trim()));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
